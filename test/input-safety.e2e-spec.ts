import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signIn, type SignedIn } from './support/auth';
import { stringArgumentProbes } from './support/schema-walk';
import { gql, TestEnv } from './support/test-env';

type GqlError = { message: string; extensions?: { code?: string; fields?: { field: string; messages: string[] }[] } };
const errorsOf = (res: request.Response): GqlError[] => (res.body?.errors ?? []) as GqlError[];
const fieldsOf = (res: request.Response) => errorsOf(res).flatMap((e) => e.extensions?.fields ?? []);

const UPDATE_PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { displayName dateOfBirth } }`;

/**
 * Text and dates from outside are checked at the edge (issue 13, item 6): a NUL character or an
 * impossible date used to reach PostgreSQL and come back as INTERNAL_SERVER_ERROR.
 */
describe('input safety at the edge', () => {
  let env: TestEnv;
  let api: INestApplication;
  let person: SignedIn;

  beforeAll(async () => {
    env = await TestEnv.create();
    // Hundreds of probes from one account and address: the rate limits are not what is tested here.
    api = await env.api({ env: { RATE_LIMIT_PER_ACCOUNT: '1000000', RATE_LIMIT_PER_IP: '1000000' } });
    person = await signIn(env, api);
  });
  afterAll(() => env.close());

  it('answers a NUL in every text argument of the schema with BAD_USER_INPUT naming the field, never a 500', async () => {
    const probes = await stringArgumentProbes(api, 'a\u0000b');
    // The walk reaches the inputs the issue names, nested ones included.
    const paths = new Set(probes.map((p) => `${p.operation}:${p.path}`));
    for (const expected of [
      'searchProducts:query',
      'createProduct:input.name',
      'createProduct:input.description',
      'createProduct:input.retailerId',
      'createProduct:input.variants[0].sku',
      'sendMessage:content.text.body',
      'updateProfile:input.displayName',
    ]) {
      expect({ expected, walked: paths.has(expected) }).toEqual({ expected, walked: true });
    }
    expect(probes.length).toBeGreaterThan(150);

    const wrong: unknown[] = [];
    for (const probe of probes) {
      const res = await gql(api, probe.document, {}, person.auth);
      const codes = errorsOf(res).map((e) => e.extensions?.code);
      const named = fieldsOf(res).some(
        (f) => [probe.field, probe.path].includes(f.field) && f.messages.some((m) => m.includes('NUL')),
      );
      if (res.status >= 500 || codes.length !== 1 || codes[0] !== 'BAD_USER_INPUT' || !named) {
        wrong.push({
          operation: probe.operation,
          path: probe.path,
          status: res.status,
          errors: errorsOf(res).map((e) => [e.extensions?.code, e.message, JSON.stringify(e.extensions?.fields)].join(' ')),
        });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('changes nothing when a field is refused', async () => {
    await gql(api, UPDATE_PROFILE, { input: { displayName: 'Before' } }, person.auth).expect(200);
    const res = await gql(api, UPDATE_PROFILE, { input: { displayName: 'After\u0000', dateOfBirth: '1990-01-01' } }, person.auth);
    expect(errorsOf(res)[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'displayName', messages: ['displayName must not contain a NUL character (\\u0000)'] }],
    });
    const me = await gql(api, '{ me { displayName dateOfBirth } }', {}, person.auth);
    expect(me.body.data.me).toEqual({ displayName: 'Before', dateOfBirth: null });
  });

  it('refuses a lone UTF-16 surrogate, which PostgreSQL cannot store either', async () => {
    const res = await gql(api, UPDATE_PROFILE, { input: { displayName: 'broken \ud800 text' } }, person.auth);
    expect(fieldsOf(res)).toEqual([{ field: 'displayName', messages: [expect.stringContaining('unpaired surrogate')] }]);
    // A well-formed pair (an emoji) is text like any other.
    const ok = await gql(api, UPDATE_PROFILE, { input: { displayName: 'Nasi lemak \u{1F35B}' } }, person.auth);
    expect(ok.body.data.updateProfile.displayName).toBe('Nasi lemak \u{1F35B}');
  });

  it('refuses a NUL in a REST body the JSON parser never sees (a CSV import) with 400 BAD_USER_INPUT', async () => {
    const res = await request(api.getHttpServer())
      .post('/businesses/00000000-0000-7000-8000-000000000000/catalog/imports')
      .set(person.auth)
      .set('content-type', 'text/csv')
      .send('id,title\nA\u0000,Kopi\n');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'BAD_USER_INPUT', details: { fields: [{ field: 'csv' }] } });
  });

  describe('dateOfBirth is a real calendar day, in the past, not before 1900', () => {
    it.each([
      ['1990-02-31', 'must be a real date written YYYY-MM-DD'],
      ['2023-02-29', 'must be a real date written YYYY-MM-DD'],
      ['1900-02-29', 'must be a real date written YYYY-MM-DD'],
      ['1990-13-01', 'must be a real date written YYYY-MM-DD'],
      ['1990-1-1', 'must be a real date written YYYY-MM-DD'],
      ['2999-01-01', 'must not be in the future'],
      ['1899-12-31', 'must not be before 1900-01-01'],
    ])('refuses %s (%s) and stores nothing', async (dateOfBirth, why) => {
      const res = await gql(api, UPDATE_PROFILE, { input: { dateOfBirth } }, person.auth);
      expect(res.status).toBe(200);
      expect(errorsOf(res).map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', fields: [{ field: 'dateOfBirth', messages: [`dateOfBirth ${why}`] }] },
      ]);
      const me = await gql(api, '{ me { dateOfBirth } }', {}, person.auth);
      expect(me.body.data.me.dateOfBirth).toBeNull();
    });

    it.each(['2000-02-29', '1990-02-28', '1900-01-01'])('accepts %s', async (dateOfBirth) => {
      const res = await gql(api, UPDATE_PROFILE, { input: { dateOfBirth } }, person.auth);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.updateProfile.dateOfBirth).toBe(dateOfBirth);
    });
  });
});
