import { instanceToPlain, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { TextContent } from './client-content';
import { checkedPayload } from './registry';

/** The full check, as checkedPayload runs it for every kind: what the plain-text shortcut must agree with. */
async function fullCheck(payload: object): Promise<Record<string, unknown> | 'invalid'> {
  const instance = plainToInstance(TextContent, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length ? 'invalid' : instanceToPlain(instance, { exposeUnsetFields: false });
}

describe('checkedPayload, text', () => {
  const bare = (o: Record<string, unknown>) => Object.assign(Object.create(null) as object, o); // as GraphQL hands inputs over
  const cases: object[] = [
    { body: 'hi' },
    bare({ body: 'where is my refund?' }),
    { body: 'hi', previewUrl: true },
    { body: 'hi', previewUrl: false },
    { body: 'hi', previewUrl: null },
    { body: 'hi', previewUrl: undefined },
    { body: 'hi', previewUrl: 'yes' },
    { body: '' },
    { body: '\uFE0F' },
    { body: 'x'.repeat(4096) },
    { body: 'x'.repeat(4097) },
    { body: '😀'.repeat(4096) },
    { body: '😀'.repeat(4097) },
    { body: 5 },
    { body: null },
    {},
    { body: 'hi', extra: 1 },
    { previewUrl: true },
  ];

  it.each(cases.map((c, i) => [i, c]))('case %i gives what the full check gives', async (_i, payload) => {
    const expected = await fullCheck(payload as object);
    const got = await checkedPayload('text', payload).catch(() => 'invalid' as const);
    expect(got).toEqual(expected);
  });
});
