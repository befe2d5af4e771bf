import type { INestApplication } from '@nestjs/common';
import { lastCodeFor, REQUEST_CODE, signIn, uniqueIp, uniquePhone, VERIFY_CODE } from './support/auth';
import { dumpDatabase } from './support/scan';
import { gql, TestEnv } from './support/test-env';

const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken sessionId } }`;
const codeOf = (res: { body: { errors?: { extensions: { code: string } }[] } }) => res.body.errors?.[0]?.extensions.code;

describe('identity: phone sign-in and sessions', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
  });
  afterAll(() => env.close());

  const send = (phone: string) => gql(api, REQUEST_CODE, { phone }, { 'x-forwarded-for': uniqueIp() });
  const count = async (sql: string, params: unknown[] = []) => (await (await env.sql()).query(sql, params)).rows[0].n as number;

  describe('sign-in codes', () => {
    it('signs a new person in with the code sent, normalising the number to E.164', async () => {
      const raw = '+60 12-345 0001';
      const sent = await send(raw).expect(200);
      expect(sent.body.data.requestSignInCode.phone).toBe('+60123450001');
      const code = await lastCodeFor(env, '+60123450001');
      const res = await gql(api, VERIFY_CODE, { phone: raw, code });
      expect(res.body.data.verifySignInCode).toMatchObject({ newAccount: true, accessToken: expect.any(String) });
      const me = await gql(
        api,
        '{ me { phone country } }',
        {},
        { authorization: `Bearer ${res.body.data.verifySignInCode.accessToken}` },
      );
      expect(me.body.data.me).toEqual({ phone: '+60123450001', country: 'MY' });
    });

    it('refuses an invalid phone with INVALID_PHONE and sends nothing', async () => {
      const before = await count('select count(*)::int as n from sign_in_code');
      const res = await send('12345');
      expect(codeOf(res)).toBe('INVALID_PHONE');
      expect(await count('select count(*)::int as n from sign_in_code')).toBe(before);
    });

    it('tells a wrong, a used and an expired code apart', async () => {
      const phone = uniquePhone();
      await send(phone);
      const code = await lastCodeFor(env, phone);
      const wrong = code === '000000' ? '000001' : '000000';
      expect(codeOf(await gql(api, VERIFY_CODE, { phone, code: wrong }))).toBe('CODE_INVALID');
      expect((await gql(api, VERIFY_CODE, { phone, code })).body.data.verifySignInCode.newAccount).toBe(true);
      expect(codeOf(await gql(api, VERIFY_CODE, { phone, code }))).toBe('CODE_USED');

      await send(phone);
      await (
        await env.sql()
      ).query(`update sign_in_code set expires_at = now() - interval '1 second' where phone = $1 and consumed_at is null`, [
        phone,
      ]);
      expect(codeOf(await gql(api, VERIFY_CODE, { phone, code: await lastCodeFor(env, phone) }))).toBe('CODE_EXPIRED');
    });

    it('only the newest code works', async () => {
      const phone = uniquePhone();
      await send(phone);
      const first = await lastCodeFor(env, phone);
      await send(phone);
      const second = await lastCodeFor(env, phone);
      if (first !== second) expect(codeOf(await gql(api, VERIFY_CODE, { phone, code: first }))).toBe('CODE_INVALID');
      expect(codeOf(await gql(api, VERIFY_CODE, { phone, code: second }))).toBeUndefined();
    });

    it('evaluates at most 5 of 200 parallel guesses at one code, then says TOO_MANY_ATTEMPTS', async () => {
      const phone = uniquePhone();
      await send(phone);
      const code = await lastCodeFor(env, phone);
      const wrong = code === '123456' ? '654321' : '123456';
      const results = await Promise.all(Array.from({ length: 200 }, () => gql(api, VERIFY_CODE, { phone, code: wrong })));
      const codes = results.map(codeOf);
      expect(codes.filter((c) => c === 'CODE_INVALID')).toHaveLength(5);
      expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(195);
      expect(await count('select max(attempts)::int as n from sign_in_code where phone = $1', [phone])).toBe(5);
      // Even the right code is refused now: the code is spent.
      expect(codeOf(await gql(api, VERIFY_CODE, { phone, code }))).toBe('TOO_MANY_ATTEMPTS');
      expect(await count('select count(*)::int as n from person where phone = $1', [phone])).toBe(0);
    });

    it('lets exactly one of many parallel right answers sign in', async () => {
      const phone = uniquePhone();
      await send(phone);
      const code = await lastCodeFor(env, phone);
      const results = await Promise.all(Array.from({ length: 5 }, () => gql(api, VERIFY_CODE, { phone, code })));
      expect(results.filter((r) => r.body.data?.verifySignInCode)).toHaveLength(1);
      expect(results.map(codeOf).filter(Boolean)).toEqual(Array(4).fill('CODE_USED'));
      expect(
        await count('select count(*)::int as n from auth_session s join person p on p.id = s.person_id where p.phone = $1', [
          phone,
        ]),
      ).toBe(1);
    });

    it('sends at most 5 codes per phone per 15 minutes, with a retry-after', async () => {
      const phone = uniquePhone();
      for (let i = 0; i < 5; i++) expect(codeOf(await send(phone))).toBeUndefined();
      const sixth = await send(phone);
      expect(sixth.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      expect(sixth.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(800);
      expect(await count('select count(*)::int as n from sign_in_code where phone = $1', [phone])).toBe(5);
    });

    it('sends at most 20 codes per IP per hour, whatever the phones', async () => {
      const ip = { 'x-forwarded-for': uniqueIp() };
      for (let i = 0; i < 20; i++) expect(codeOf(await gql(api, REQUEST_CODE, { phone: uniquePhone() }, ip))).toBeUndefined();
      const res = await gql(api, REQUEST_CODE, { phone: uniquePhone() }, ip);
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(res.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(3500);
      // Another device is not affected.
      expect(codeOf(await gql(api, REQUEST_CODE, { phone: uniquePhone() }, { 'x-forwarded-for': uniqueIp() }))).toBeUndefined();
    });
  });

  describe('sessions', () => {
    it('rotates the refresh token on every use; the old one then revokes the whole session', async () => {
      const me = await signIn(env, api);
      const r1 = await gql(api, REFRESH, { t: me.refreshToken });
      const t1 = r1.body.data.refreshSession;
      expect(t1.refreshToken).not.toBe(me.refreshToken);
      expect(t1.sessionId).toBe(me.sessionId);
      const r2 = await gql(api, REFRESH, { t: t1.refreshToken });
      const t2 = r2.body.data.refreshSession;
      // Reuse of a rotated token: refused, and every token of the family stops working.
      expect(codeOf(await gql(api, REFRESH, { t: me.refreshToken }))).toBe('REFRESH_TOKEN_REUSED');
      expect(codeOf(await gql(api, REFRESH, { t: t2.refreshToken }))).toBe('REFRESH_TOKEN_INVALID');
      expect(codeOf(await gql(api, '{ me { id } }', {}, { authorization: `Bearer ${t2.accessToken}` }))).toBe('UNAUTHENTICATED');
    });

    it('two parallel refreshes with one token never yield two live children', async () => {
      for (let round = 0; round < 5; round++) {
        const me = await signIn(env, api);
        const results = await Promise.all(Array.from({ length: 8 }, () => gql(api, REFRESH, { t: me.refreshToken })));
        const children = results.map((r) => r.body.data?.refreshSession?.refreshToken).filter(Boolean) as string[];
        expect(children.length).toBeLessThanOrEqual(1);
        // Whatever the interleaving, no child token is usable afterwards: the reuse ended the session.
        for (const child of children) expect(codeOf(await gql(api, REFRESH, { t: child }))).toBe('REFRESH_TOKEN_INVALID');
        const live = await count(
          `select count(*)::int as n from refresh_token t join auth_session s on s.id = t.session_id
            where s.id = $1 and s.revoked_at is null and t.used_at is null`,
          [me.sessionId],
        );
        expect(live).toBe(0);
      }
    });

    it('signs out, lists and revokes sessions, and a revoked access token stops working at once', async () => {
      const phone = uniquePhone();
      const laptop = await signIn(env, api, phone);
      const phoneApp = await signIn(env, api, phone);
      const list = await gql(api, '{ mySessions { id current } }', {}, laptop.auth);
      expect(list.body.data.mySessions).toEqual(
        expect.arrayContaining([
          { id: laptop.sessionId, current: true },
          { id: phoneApp.sessionId, current: false },
        ]),
      );
      const stranger = await signIn(env, api);
      expect(
        codeOf(await gql(api, 'mutation($id: ID!) { revokeSession(id: $id) }', { id: laptop.sessionId }, stranger.auth)),
      ).toBe('NOT_FOUND');
      await gql(api, 'mutation($id: ID!) { revokeSession(id: $id) }', { id: phoneApp.sessionId }, laptop.auth).expect(200);
      expect(codeOf(await gql(api, '{ me { id } }', {}, phoneApp.auth))).toBe('UNAUTHENTICATED');
      await gql(api, 'mutation { signOut }', {}, laptop.auth).expect(200);
      expect(codeOf(await gql(api, '{ me { id } }', {}, laptop.auth))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(api, REFRESH, { t: laptop.refreshToken }))).toBe('REFRESH_TOKEN_INVALID');
    });

    it('refuses anonymous callers, garbage tokens and a forged signature', async () => {
      expect(codeOf(await gql(api, '{ me { id } }'))).toBe('UNAUTHENTICATED');
      expect(codeOf(await gql(api, '{ me { id } }', {}, { authorization: 'Bearer nonsense' }))).toBe('UNAUTHENTICATED');
      const me = await signIn(env, api);
      const [h, p] = me.accessToken.split('.');
      const forged = `${h}.${p}.${Buffer.from('forged').toString('base64url')}`;
      expect(codeOf(await gql(api, '{ me { id } }', {}, { authorization: `Bearer ${forged}` }))).toBe('UNAUTHENTICATED');
    });

    it('updates the profile; a taken handle is HANDLE_TAKEN and changes nothing', async () => {
      const a = await signIn(env, api);
      const b = await signIn(env, api);
      const UPDATE = 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { handle displayName } }';
      expect((await gql(api, UPDATE, { i: { handle: 'Siti.A', displayName: 'Siti' } }, a.auth)).body.data.updateProfile).toEqual({
        handle: 'siti.a',
        displayName: 'Siti',
      });
      expect(codeOf(await gql(api, UPDATE, { i: { handle: 'siti.a', displayName: 'Not Siti' } }, b.auth))).toBe('HANDLE_TAKEN');
      expect((await gql(api, '{ me { handle displayName } }', {}, b.auth)).body.data.me).toEqual({
        handle: null,
        displayName: '',
      });
    });
  });

  describe('secrets at rest and in logs', () => {
    it('stores and logs no plaintext code, refresh token or access token', async () => {
      const me = await signIn(env, api);
      const code = await lastCodeFor(env, me.phone);
      const refreshed = (await gql(api, REFRESH, { t: me.refreshToken })).body.data.refreshSession;
      const tables = await dumpDatabase(await env.sql());
      for (const secret of [me.refreshToken, refreshed.refreshToken, me.accessToken, refreshed.accessToken]) {
        expect(tables).not.toContain(secret);
        expect(env.logs.text).not.toContain(secret);
      }
      expect(tables).not.toContain(`"${code}"`);
      expect(env.logs.text).not.toContain(`"${code}"`);
      expect(env.logs.text).not.toContain(me.phone); // logs carry masked numbers only
    });
  });
});
