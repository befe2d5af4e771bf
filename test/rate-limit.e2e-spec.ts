import type { INestApplication } from '@nestjs/common';
import type { Command } from 'ioredis';
import { RedisConnections } from '@kedai/core';
import { signIn, uniqueIp } from './support/auth';
import { gql, TestEnv } from './support/test-env';

/** `n` aliases of one public field in one operation. */
const aliased = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `b${i}: business(handle: "nobody.here") { id }`).join(' ')} }`;

describe('rate limits (GraphQL-aware, in Redis)', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '10', RATE_LIMIT_PER_ACCOUNT: '6', GRAPHQL_MAX_ALIASES: '15' } });
  });
  afterAll(() => env.close());

  it('counts every alias as one request: 12 aliases from one IP get 10 answers and 2 RATE_LIMITED', async () => {
    const res = await gql(api, aliased(12), {}, { 'x-forwarded-for': uniqueIp() });
    const limited = (res.body.errors ?? []).filter((e: { extensions: { code: string } }) => e.extensions.code === 'RATE_LIMITED');
    expect(limited).toHaveLength(2);
    expect(limited[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    expect(Object.values(res.body.data).filter((v) => v === null)).toHaveLength(12);
  });

  it('keeps counting across requests and leaves other IPs alone', async () => {
    const ip = { 'x-forwarded-for': uniqueIp() };
    for (let i = 0; i < 10; i++) expect((await gql(api, aliased(1), {}, ip)).body.errors).toBeUndefined();
    expect((await gql(api, aliased(1), {}, ip)).body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect((await gql(api, aliased(1), {}, { 'x-forwarded-for': uniqueIp() })).body.errors).toBeUndefined();
  });

  it('limits a signed-in account wherever it calls from', async () => {
    const me = await signIn(env, api);
    const outcomes: (string | undefined)[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await gql(api, '{ me { id } }', {}, { ...me.auth, 'x-forwarded-for': uniqueIp() });
      outcomes.push(res.body.errors?.[0]?.extensions.code);
    }
    // signIn itself made one `me` call: 5 more pass, then the account is over its 6 per minute.
    expect(outcomes.filter((c) => c === undefined)).toHaveLength(5);
    expect(outcomes.slice(5)).toEqual(['RATE_LIMITED', 'RATE_LIMITED', 'RATE_LIMITED']);
  });

  it('is shared by every API process through Redis', async () => {
    const second = await env.api({ env: { RATE_LIMIT_PER_IP: '10', RATE_LIMIT_PER_ACCOUNT: '6' } });
    const ip = { 'x-forwarded-for': uniqueIp() };
    for (let i = 0; i < 5; i++) await gql(api, aliased(1), {}, ip);
    for (let i = 0; i < 5; i++) expect((await gql(second, aliased(1), {}, ip)).body.errors).toBeUndefined();
    expect((await gql(second, aliased(1), {}, ip)).body.errors[0].extensions.code).toBe('RATE_LIMITED');
  });

  it('counts both limits of a signed-in request (per IP and per account) in one Redis command', async () => {
    const me = await signIn(env, api);
    const sent = jest.spyOn(api.get(RedisConnections).client, 'sendCommand');
    await gql(api, '{ me { id } }', {}, { ...me.auth, 'x-forwarded-for': uniqueIp() });
    const throttleKeys = (c: Command) => c.args.filter((a) => String(a).includes(':throttle:'));
    const counted = sent.mock.calls.map(([c]) => throttleKeys(c)).filter((keys) => keys.length > 0);
    sent.mockRestore();
    expect(counted).toHaveLength(1);
    expect(counted[0]).toHaveLength(4); // hits and block keys of both limits
  });
});
