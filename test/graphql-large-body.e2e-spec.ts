import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { signIn } from './support/auth';
import { TestEnv } from './support/test-env';

/**
 * A GraphQL request refused before GraphQL runs (the JSON body parser's limit, JSON that does not
 * parse) still answers in the GraphQL error shape, so a GraphQL client reads it like any other
 * error (issue 13, item 7). REST routes keep their `{ code, message, details }` shape.
 */
describe('HTTP errors on the GraphQL endpoint', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
  });
  afterAll(() => env.close());

  const post = (body: string) => request(api.getHttpServer()).post('/graphql').set('content-type', 'application/json').send(body);

  it('answers a body over the limit with 413 and a GraphQL error coded PAYLOAD_TOO_LARGE', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(200_000) } }));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  });

  it('answers JSON that does not parse with 400 and a GraphQL error coded BAD_REQUEST', async () => {
    const res = await post('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('still answers a request under the limit, and REST errors in their own shape', async () => {
    const ok = await post(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(50_000) } }));
    expect(ok.body).toEqual({ data: { __typename: 'Query' } });
    const person = await signIn(env, api);
    const rest = await request(api.getHttpServer())
      .post('/businesses/not-a-uuid/catalog/imports')
      .set(person.auth)
      .set('content-type', 'text/csv')
      .send('id\n');
    expect(rest.status).toBe(400);
    expect(rest.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(rest.body.errors).toBeUndefined();
  });
});
