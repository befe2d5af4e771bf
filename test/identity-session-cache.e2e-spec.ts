import type { INestApplication } from '@nestjs/common';
import { SessionCache } from '../libs/identity/src/session-cache';
import { signIn, type SignedIn } from './support/auth';
import { eventually, gql, TestEnv } from './support/test-env';

const ME = '{ me { id } }';
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken sessionId } }`;
const codeOf = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;

/**
 * Each API process keeps the access tokens it has checked in memory. These tests hold two API
 * processes side by side (two apps on one database) and show a session that ends through one of
 * them, or through plain SQL, refused by the other, whose cache would otherwise have answered.
 * B drops the session when PostgreSQL's notification reaches it (at the writer's commit; well
 * under a millisecond on an idle machine): the tests wait for that, not for a time, since on a
 * machine at load 20 another process's notification can take longer than the next request.
 */
describe('identity: the per-process session cache', () => {
  let env: TestEnv;
  let a: INestApplication;
  let b: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    a = await env.api();
    b = await env.api();
  });
  afterAll(() => env.close());

  /** Until B has heard that the session ended (its cache no longer holds the token). */
  const bHeard = (person: SignedIn) =>
    eventually(async () => b.get(SessionCache).isListening && !b.get(SessionCache).get(person.accessToken), 'B hearing it');

  /** Signs in through A, then has B check the token until B's cache holds it. */
  async function cachedOnB(): Promise<SignedIn> {
    const person = await signIn(env, a);
    const cache = b.get(SessionCache);
    await eventually(async () => {
      const me = await gql(b, ME, {}, person.auth).expect(200);
      expect(me.body.data.me.id).toBe(person.personId);
      return cache.get(person.accessToken);
    }, "B's cache holding the token");
    return person;
  }

  it('answers a known token from memory, without the session query', async () => {
    const person = await cachedOnB();
    const sql = await env.sql();
    // Were B still asking the database, a session deleted behind its back would be refused; with
    // the trigger (so the notification) switched off for this one transaction, B keeps answering.
    await sql.query('begin');
    await sql.query(`set local session_replication_role = replica`);
    await sql.query('delete from auth_session where id = $1', [person.sessionId]);
    await sql.query('commit');
    expect((await gql(b, ME, {}, person.auth).expect(200)).body.data.me.id).toBe(person.personId);
    expect(codeOf(await gql(a, REFRESH, { t: person.refreshToken }))).toBe('REFRESH_TOKEN_INVALID');
  });

  it('refuses on B a session revoked through A, on the very next request', async () => {
    const person = await cachedOnB();
    await gql(a, 'mutation($id: ID!) { revokeSession(id: $id) }', { id: person.sessionId }, person.auth).expect(200);
    // The process that revoked forgets at once.
    expect(codeOf(await gql(a, ME, {}, person.auth))).toBe('UNAUTHENTICATED');
    await bHeard(person);
    expect(codeOf(await gql(b, ME, {}, person.auth))).toBe('UNAUTHENTICATED');
  });

  it('refuses on B a session signed out through A', async () => {
    const person = await cachedOnB();
    await gql(a, 'mutation { signOut }', {}, person.auth).expect(200);
    await bHeard(person);
    expect(codeOf(await gql(b, ME, {}, person.auth))).toBe('UNAUTHENTICATED');
  });

  it('refuses on B a session ended by refresh-token reuse on A', async () => {
    const person = await cachedOnB();
    await gql(a, REFRESH, { t: person.refreshToken }).expect(200);
    expect(codeOf(await gql(a, REFRESH, { t: person.refreshToken }))).toBe('REFRESH_TOKEN_REUSED');
    await bHeard(person);
    expect(codeOf(await gql(b, ME, {}, person.auth))).toBe('UNAUTHENTICATED');
  });

  it('refuses on B a session revoked or deleted by plain SQL', async () => {
    const sql = await env.sql();
    const revoked = await cachedOnB();
    await sql.query(`update auth_session set revoked_at = now(), revoked_reason = 'operator' where id = $1`, [revoked.sessionId]);
    await bHeard(revoked);
    expect(codeOf(await gql(b, ME, {}, revoked.auth))).toBe('UNAUTHENTICATED');
    const deleted = await cachedOnB();
    await sql.query('delete from auth_session where id = $1', [deleted.sessionId]);
    await bHeard(deleted);
    expect(codeOf(await gql(b, ME, {}, deleted.auth))).toBe('UNAUTHENTICATED');
  });

  it('forgets everything when its listening connection drops, so nothing missed meanwhile is trusted', async () => {
    const person = await cachedOnB();
    const cache = b.get(SessionCache);
    const sql = await env.sql();
    // Both apps' listeners go; B notices and stops trusting its memory before the session ends.
    await sql.query(
      `select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'kedai:session-listener' and datname = current_database()`,
    );
    await eventually(async () => !cache.isListening, 'B noticing its listener is gone');
    await sql.query(`update auth_session set revoked_at = now() where id = $1`, [person.sessionId]);
    expect(codeOf(await gql(b, ME, {}, person.auth))).toBe('UNAUTHENTICATED');
    // It listens again by itself, and caches again.
    await eventually(async () => cache.isListening, 'B listening again');
    await cachedOnB();
  });
});
