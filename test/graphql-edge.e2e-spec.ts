import { Module, type INestApplication } from '@nestjs/common';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import request from 'supertest';
import { Public } from '@kedai/core';
import { gql, TestEnv } from './support/test-env';

/**
 * Test-only resolvers: `edgeProbe` counts its executions, so a test can tell that a refused
 * request ran nothing; `edgeFailure` fails the way a bug or an outage does, with a plain Error.
 */
let executions = 0;
const INTERNAL_DETAIL = 'connection to db-7.internal:5432 was reset';

@Resolver()
class EdgeProbeResolver {
  @Public()
  @Query(() => Int, { description: 'test only' })
  edgeProbe(): number {
    executions += 1;
    return executions;
  }

  @Public()
  @Query(() => Int, { description: 'test only' })
  edgeFailure(
    @Args('code', { type: () => String, nullable: true }) _code?: string,
    @Args('token', { type: () => String, nullable: true }) _token?: string,
  ): number {
    throw new Error(INTERNAL_DETAIL);
  }
}

@Module({ providers: [EdgeProbeResolver] })
class EdgeProbeModule {}

// Production refuses to start on the development secrets.
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'edge-test-jwt-secret-0123456789abcdef0123456789',
  OTP_SECRET: 'edge-test-otp-secret-0123456789abcdef0123456789',
};

type GqlError = { message: string; extensions?: { code?: string; stacktrace?: unknown }; path?: string[] };
const errorsOf = (res: request.Response): GqlError[] => (res.body?.errors ?? []) as GqlError[];
const codesOf = (res: request.Response) => errorsOf(res).map((e) => e.extensions?.code);

/** No error of any response may carry a stack: neither a `stacktrace` extension nor stack frames. */
function expectNoStack(res: request.Response): void {
  expect(res.text).not.toMatch(/stacktrace|\n\s+at |\.ts:\d+:\d+/);
}

/**
 * A selection of exactly `depth` levels, as graphql-armor counts them, through the introspection
 * types (the only deep types the schema has today): __type(1) fields(2) type(3) ofType… name.
 */
function nested(depth: number): string {
  const ofTypes = depth - 4;
  return `__type(name: "Query") { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } }`;
}

const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `p${i}: edgeProbe`).join(' ')} }`;

describe('GraphQL edge', () => {
  let env: TestEnv;
  let dev: INestApplication;
  let prod: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    [dev, prod] = [await env.api({ imports: [EdgeProbeModule] }), await env.api({ imports: [EdgeProbeModule], env: PRODUCTION })];
  });
  afterAll(() => env.close());

  /** Runs `send` and returns its response along with how many probe executions it caused. */
  async function counting(send: () => Promise<request.Response>): Promise<[request.Response, number]> {
    const before = executions;
    const res = await send();
    return [res, executions - before];
  }

  describe('CSRF prevention', () => {
    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'refuses a POST sent as %s with 400 and runs nothing',
      async (contentType) => {
        const [res, ran] = await counting(() =>
          request(prod.getHttpServer())
            .post('/graphql')
            .set('content-type', contentType)
            .send(JSON.stringify({ query: '{ edgeProbe }' })),
        );
        expect(res.status).toBe(400);
        expect(codesOf(res)).toEqual(['BAD_REQUEST']);
        expect(errorsOf(res)[0].message).toMatch(/Cross-Site Request Forgery/);
        expect(ran).toBe(0);
      },
    );

    it('refuses a GET query without a preflight-forcing header, and runs it with one', async () => {
      const [refused, ranRefused] = await counting(() =>
        request(prod.getHttpServer()).get('/graphql').query({ query: '{ edgeProbe }' }),
      );
      expect(refused.status).toBe(400);
      expect(codesOf(refused)).toEqual(['BAD_REQUEST']);
      expect(ranRefused).toBe(0);

      const [allowed, ranAllowed] = await counting(() =>
        request(prod.getHttpServer()).get('/graphql').query({ query: '{ edgeProbe }' }).set('apollo-require-preflight', 'true'),
      );
      expect(allowed.status).toBe(200);
      expect(allowed.body.data.edgeProbe).toEqual(expect.any(Number));
      expect(ranAllowed).toBe(1);
    });

    it('runs a JSON POST (the control: the probe does count)', async () => {
      const [res, ran] = await counting(() => gql(prod, '{ edgeProbe }'));
      expect(res.status).toBe(200);
      expect(ran).toBe(1);
    });
  });

  describe('query limits', () => {
    it('accepts a query exactly GRAPHQL_MAX_DEPTH (8) deep', async () => {
      const res = await gql(dev, `{ ${nested(8)} }`);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.__type.fields.length).toBeGreaterThan(0);
    });

    it('refuses a query one level deeper with GRAPHQL_VALIDATION_FAILED, before running anything', async () => {
      const [res, ran] = await counting(() => gql(dev, `{ edgeProbe ${nested(9)} }`));
      expect(res.status).toBe(400);
      expect(res.body.data).toBeUndefined();
      expect(errorsOf(res)).toEqual([
        { message: 'Syntax Error: Query depth limit of 8 exceeded, found 9.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ]);
      expect(ran).toBe(0);
    });

    it('counts depth through fragments, so a fragment cannot hide nesting', async () => {
      const query = `query { ...Q }
        fragment Q on Query { __type(name: "Query") { ...F } }
        fragment F on __Type { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } }`;
      const res = await gql(dev, query);
      expect(res.status).toBe(400);
      expect(codesOf(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(errorsOf(res)[0].message).toMatch(/depth limit of 8 exceeded, found 9/);
    });

    it('refuses a query over the cost limit (GRAPHQL_MAX_COST), before running anything', async () => {
      const cheap = await env.api({ imports: [EdgeProbeModule], env: { GRAPHQL_MAX_COST: '10' } });
      const [within, ranWithin] = await counting(() => gql(cheap, aliased(10)));
      expect(within.body.errors).toBeUndefined();
      expect(ranWithin).toBe(10);
      const [over, ranOver] = await counting(() => gql(cheap, aliased(11)));
      expect(over.status).toBe(400);
      expect(errorsOf(over)).toEqual([
        {
          message: 'Syntax Error: Query Cost limit of 10 exceeded, found 11.',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ]);
      expect(ranOver).toBe(0);
      await env.stop(cheap);
    });

    it('accepts GRAPHQL_MAX_ALIASES (15) aliases and refuses one more, running none of them', async () => {
      const [within, ranWithin] = await counting(() => gql(dev, aliased(15)));
      expect(within.body.errors).toBeUndefined();
      expect(ranWithin).toBe(15);
      const [over, ranOver] = await counting(() => gql(dev, aliased(16)));
      expect(over.status).toBe(400);
      expect(errorsOf(over)).toEqual([
        { message: 'Syntax Error: Aliases limit of 15 exceeded, found 16.', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ]);
      expect(ranOver).toBe(0);
    });

    it('refuses batched HTTP requests (a JSON array body) with 400, running none of them', async () => {
      const [res, ran] = await counting(() =>
        request(prod.getHttpServer())
          .post('/graphql')
          .set('content-type', 'application/json')
          .send([{ query: '{ edgeProbe }' }, { query: '{ edgeProbe }' }]),
      );
      expect(res.status).toBe(400);
      expect(codesOf(res)).toEqual(['BAD_REQUEST']);
      expect(errorsOf(res)[0].message).toMatch(/batching/i);
      expect(ran).toBe(0);
    });

    it('refuses an oversized document while parsing: 400 GRAPHQL_PARSE_FAILED, not a 500', async () => {
      // 2,001 tokens: `{`, 1,999 × `__typename`, `}`.
      const [res, ran] = await counting(() => gql(prod, `{ edgeProbe ${'__typename '.repeat(1_998)}}`));
      expect(res.status).toBe(400);
      expect(codesOf(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(errorsOf(res)[0].message).toMatch(/2000 tokens/);
      expect(ran).toBe(0);
      expectNoStack(res);
      // Exactly at the limit, the same document parses (and only then hits the other limits).
      const atLimit = await gql(prod, `{ ${'__typename '.repeat(1_998)}}`);
      expect(codesOf(atLimit)).not.toContain('GRAPHQL_PARSE_FAILED');
    });
  });

  it('answers a syntax error with 400 GRAPHQL_PARSE_FAILED, not a 500', async () => {
    for (const app of [prod, dev]) {
      const res = await gql(app, '{ edgeProbe');
      expect(res.status).toBe(400);
      expect(errorsOf(res)).toEqual([
        {
          message: 'Syntax Error: Expected Name, found <EOF>.',
          locations: [{ line: 1, column: 12 }],
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        },
      ]);
    }
  });

  describe('production hardening', () => {
    it('refuses introspection in production and allows it in development', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
        const refused = await gql(prod, query);
        expect(refused.status).toBe(400);
        expect(refused.body.data).toBeUndefined();
        expect(codesOf(refused)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        expect(errorsOf(refused)[0].message).toMatch(/introspection is not allowed/);
        expectNoStack(refused);
      }
      const allowed = await gql(dev, '{ __schema { queryType { name } } }');
      expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    });

    it('gives no "Did you mean" suggestions in production (development keeps them)', async () => {
      const typo = '{ edgeProbee }';
      const argTypo = '{ edgeFailure(cod: "x") }';
      for (const query of [typo, argTypo]) {
        const res = await gql(prod, query);
        expect(codesOf(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
        const messages = errorsOf(res).map((e) => e.message);
        expect(messages.join('\n')).not.toMatch(/Did you mean|"edgeProbe"|"code"/);
        expectNoStack(res);
      }
      expect((await gql(dev, typo)).text).toMatch(/Did you mean \\"edgeProbe\\"/);
      expect((await gql(dev, argTypo)).text).toMatch(/Did you mean \\"code\\"/);
    });

    it('serves no GraphiQL or landing page in production; development serves GraphiQL', async () => {
      const prodPage = await request(prod.getHttpServer()).get('/graphql').set('accept', 'text/html');
      expect(prodPage.headers['content-type']).not.toMatch(/html/);
      expect(prodPage.text).not.toMatch(/<!doctype|<html|<script|graphiql|sandbox|landing/i);
      expect(() => JSON.parse(prodPage.text) as unknown).not.toThrow();
      const devPage = await request(dev.getHttpServer()).get('/graphql').set('accept', 'text/html').expect(200);
      expect(devPage.headers['content-type']).toMatch(/^text\/html/);
      expect(devPage.text).toMatch(/graphiql/i);
    });

    it('hides an unknown error behind INTERNAL_SERVER_ERROR and logs its stack with the request id', async () => {
      const res = await gql(prod, '{ edgeFailure }', {}, { 'x-request-id': 'edge-failure-prod-1' }).expect(200);
      expect(res.body).toEqual({
        data: null,
        errors: [
          {
            message: 'Internal server error',
            locations: [{ line: 1, column: 3 }],
            path: ['edgeFailure'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      expect(res.text).not.toContain('db-7.internal');
      expectNoStack(res);

      const logged = env.logs.records.filter((r) => r.requestId === 'edge-failure-prod-1' && r.level === 50);
      expect(logged).toHaveLength(1);
      expect(String(logged[0].msg)).toContain(INTERNAL_DETAIL);
      expect(String(logged[0].msg)).toMatch(/\n\s+at EdgeProbeResolver\.edgeFailure/);
    });

    it('shows the real message and stack of an unknown error in development only', async () => {
      const res = await gql(dev, '{ edgeFailure }');
      const [error] = errorsOf(res);
      expect(error.message).toBe(INTERNAL_DETAIL);
      expect(error.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(error.extensions?.stacktrace).toEqual(expect.arrayContaining([expect.stringMatching(/EdgeProbeResolver/)]));
    });

    it('lets no stack trace out of any refused request in production', async () => {
      const responses = await Promise.all([
        gql(prod, '{ edgeFailure }'),
        gql(prod, '{ nope }'),
        gql(prod, '{ edgeProbe'),
        gql(prod, 'query($n: Int!) { edgeProbe }', { n: 'not a number' }),
        gql(prod, `{ ${nested(12)} }`),
        gql(prod, aliased(40)),
        request(prod.getHttpServer()).post('/graphql').set('content-type', 'application/json').send('{"query": '),
        request(prod.getHttpServer()).get('/no/such/route'),
      ]);
      for (const res of responses) {
        expect(res.status).toBeLessThan(500);
        expectNoStack(res);
      }
    });
  });

  describe('request ids and what the logs keep', () => {
    it('echoes a caller’s x-request-id and tags that request’s log lines with it', async () => {
      const res = await gql(dev, '{ edgeFailure }', {}, { 'x-request-id': 'abc-123' });
      expect(res.headers['x-request-id']).toBe('abc-123');
      const lines = env.logs.records.filter((r) => r.requestId === 'abc-123');
      // The resolver's error (logged by the app) and the request's "request completed" line.
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([expect.stringContaining(INTERNAL_DETAIL), 'request completed']),
      );
      // No line about this request goes without the id.
      const untagged = env.logs.records.filter(
        (r) => (r.req as { id?: string } | undefined)?.id === 'abc-123' && r.requestId !== 'abc-123',
      );
      expect(untagged).toEqual([]);
    });

    it('generates an id when the caller sends none, or one that is not sane', async () => {
      const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
      const sent: Record<string, string>[] = [
        {},
        { 'x-request-id': 'has spaces and\ttabs' },
        { 'x-request-id': 'x'.repeat(200) },
      ];
      for (const headers of sent) {
        const res = await gql(dev, '{ edgeProbe }', {}, headers);
        const id = res.headers['x-request-id'];
        expect(id).toMatch(uuid);
        expect(env.logs.records.some((r) => r.requestId === id && r.msg === 'request completed')).toBe(true);
      }
      const a = (await gql(dev, '{ edgeProbe }')).headers['x-request-id'];
      const b = (await gql(dev, '{ edgeProbe }')).headers['x-request-id'];
      expect(a).not.toBe(b);
    });

    it('never logs an Authorization header, a cookie, or code/token variables', async () => {
      const secrets = {
        bearer: 'edge-secret-bearer-7f3a9c',
        apiKey: 'edge-secret-api-key-51d2e8',
        cookie: 'edge-secret-cookie-0b6c4d',
        code: 'edge-secret-code-938271',
        token: 'edge-secret-token-4e5f6a',
      };
      await gql(prod, '{ edgeProbe }', {}, { authorization: `Bearer ${secrets.bearer}`, cookie: `sid=${secrets.cookie}` });
      await gql(prod, '{ edgeProbe }', {}, { 'x-api-key': secrets.apiKey });
      for (const app of [prod, dev]) {
        // Through the internal-error path, which logs, and the validation path.
        await gql(app, 'query($code: String, $token: String) { edgeFailure(code: $code, token: $token) }', {
          code: secrets.code,
          token: secrets.token,
        });
        await gql(app, 'query($code: Int) { edgeProbe }', { code: secrets.code, token: secrets.token });
      }
      await request(prod.getHttpServer())
        .get('/graphql')
        .query({ query: '{ edgeProbe }', variables: JSON.stringify(secrets) });
      const text = env.logs.text;
      expect(text.length).toBeGreaterThan(0);
      for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
    });
  });
});
