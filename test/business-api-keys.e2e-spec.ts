import type { INestApplication } from '@nestjs/common';
import { signIn, uniquePhone, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal, refused } from './support/business-access';
import { dumpDatabase } from './support/scan';
import { gql, TestEnv } from './support/test-env';

const KEY_FORMAT = /^kd_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

describe('business API keys', () => {
  let env: TestEnv;
  let api: INestApplication;
  let owner: SignedIn;
  let businessId: string;
  let otherBusinessId: string;
  const issued: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    owner = await signIn(env, api);
    businessId = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness.id;
    otherBusinessId = (await ok(api, (await signIn(env, api)).auth, OPS.create, { input: businessInput() })).createBusiness.id;
  });
  afterAll(() => env.close());

  async function createKey(scopes: string[], by: Record<string, string> = owner.auth, name = 'order bot') {
    const { createApiKey } = await ok(api, by, OPS.createKey, { businessId, name, scopes });
    issued.push(createApiKey.key);
    return createApiKey as { key: string; apiKey: { id: string; prefix: string; scopes: string[]; lastUsedAt: string | null } };
  }
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const row = async (id: string) => (await (await env.sql()).query('select * from api_key where id = $1', [id])).rows[0];

  it('shows the key once, and lists keys without any secret', async () => {
    const created = await createKey(['ORDERS_READ', 'CHATS_ANSWER']);
    expect(created.key).toMatch(KEY_FORMAT);
    expect(created.key.startsWith(`kd_${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey).toMatchObject({ scopes: ['ORDERS_READ', 'CHATS_ANSWER'], lastUsedAt: null, revokedAt: null });

    const listed = await gql(api, OPS.keys, { businessId }, owner.auth);
    expect(listed.body.data.apiKeys).toContainEqual(
      expect.objectContaining({ id: created.apiKey.id, prefix: created.apiKey.prefix, name: 'order bot' }),
    );
    const secret = created.key.split('_').slice(2).join('_');
    expect(listed.text).not.toContain(secret);
    // There is no field to ask for it again.
    expect(await refused(api, owner.auth, `query($b: ID!) { apiKeys(businessId: $b) { key } }`, { b: businessId })).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
  });

  it('acts as the business within its scopes, by Authorization or X-Api-Key', async () => {
    const { key } = await createKey(['BUSINESS_EDIT']);
    const renamed = await ok(api, bearer(key), OPS.update, { businessId, input: { name: 'Renamed by the bot' } });
    expect(renamed.updateBusiness.name).toBe('Renamed by the bot');
    const again = await ok(api, { 'x-api-key': key }, OPS.update, { businessId, input: { description: 'via X-Api-Key' } });
    expect(again.updateBusiness.id).toBe(businessId);

    // Outside its scopes, or outside its business: refused.
    expect(await refused(api, bearer(key), OPS.keys, { businessId })).toBe('FORBIDDEN');
    expect(await refused(api, bearer(key), OPS.invite, { businessId, phone: uniquePhone(), role: 'AGENT' })).toBe('FORBIDDEN');
    expect(await refused(api, bearer(key), OPS.update, { businessId: otherBusinessId, input: { name: 'Hijacked' } })).toBe(
      'FORBIDDEN',
    );
    expect(await refused(api, bearer(key), OPS.createKey, { businessId, name: 'more', scopes: ['BUSINESS_EDIT'] })).toBe(
      'FORBIDDEN',
    );
    // A key is not a person: person-only operations stay closed to it.
    expect(await refused(api, bearer(key), OPS.create, { input: businessInput() })).toBe('FORBIDDEN');
  });

  it('never mints a key stronger than whoever creates it', async () => {
    const { key } = await createKey(['APIKEYS_MANAGE', 'ORDERS_READ']);
    const weaker = await ok(api, bearer(key), OPS.createKey, { businessId, name: 'reader', scopes: ['ORDERS_READ'] });
    issued.push(weaker.createApiKey.key);
    const stronger = await refusal(api, bearer(key), OPS.createKey, { businessId, name: 'refunder', scopes: ['ORDERS_REFUND'] });
    expect(stronger.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'scopes' }] });
  });

  it('refuses a revoked, an unknown and a malformed key with UNAUTHENTICATED', async () => {
    const { key, apiKey } = await createKey(['BUSINESS_EDIT']);
    await ok(api, bearer(key), OPS.update, { businessId, input: { category: 'coffee' } });
    const { revokeApiKey } = await ok(api, owner.auth, OPS.revokeKey, { id: apiKey.id });
    expect(revokeApiKey.revokedAt).not.toBeNull();
    expect(await refused(api, bearer(key), OPS.update, { businessId, input: { category: 'tea' } })).toBe('UNAUTHENTICATED');
    expect(await refused(api, { 'x-api-key': key }, OPS.byHandle, { handle: 'kedai.demo' })).toBe('UNAUTHENTICATED');

    const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const { key: live } = await createKey(['BUSINESS_EDIT']);
    const wrongSecret = `kd_${live.split('_')[1]}_${forged.split('_').slice(2).join('_')}`;
    for (const bad of [wrongSecret, 'kd_000000000000_' + 'a'.repeat(43), 'kd_nonsense']) {
      expect(await refused(api, bearer(bad), OPS.update, { businessId, input: { category: 'tea' } })).toBe('UNAUTHENTICATED');
    }
    // Revoking twice is harmless; nobody else may revoke.
    await ok(api, owner.auth, OPS.revokeKey, { id: apiKey.id });
    const stranger = await signIn(env, api);
    const { apiKey: other } = await createKey(['ORDERS_READ']);
    expect(await refused(api, stranger.auth, OPS.revokeKey, { id: other.id })).toBe('FORBIDDEN');
    expect(await refused(api, stranger.auth, OPS.keys, { businessId })).toBe('FORBIDDEN');
  });

  it('records when a key was last used, writing at most once a minute', async () => {
    const { key, apiKey } = await createKey(['BUSINESS_EDIT']);
    expect((await row(apiKey.id)).last_used_at).toBeNull();
    await ok(api, bearer(key), OPS.update, { businessId, input: { category: 'a' } });
    const first = (await row(apiKey.id)).last_used_at as Date;
    expect(first).toBeInstanceOf(Date);
    await ok(api, bearer(key), OPS.update, { businessId, input: { category: 'b' } });
    await Promise.all(
      Array.from({ length: 5 }, () => ok(api, bearer(key), OPS.update, { businessId, input: { category: 'c' } })),
    );
    expect((await row(apiKey.id)).last_used_at).toEqual(first);

    await (await env.sql()).query(`update api_key set last_used_at = now() - interval '2 minutes' where id = $1`, [apiKey.id]);
    await ok(api, bearer(key), OPS.update, { businessId, input: { category: 'd' } });
    expect(((await row(apiKey.id)).last_used_at as Date).getTime()).toBeGreaterThan(Date.now() - 30_000);
    const listed = (await ok(api, owner.auth, OPS.keys, { businessId })).apiKeys.find((k: { id: string }) => k.id === apiKey.id);
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('stores and logs no plaintext key: only the prefix and a hash of the secret', async () => {
    expect(issued.length).toBeGreaterThan(3);
    const { rows } = await (await env.sql()).query('select row_to_json(k)::text as j from api_key k');
    const table = rows.map((r: { j: string }) => r.j).join('\n');
    const everything = await dumpDatabase(await env.sql());
    for (const key of issued) {
      const secret = key.split('_').slice(2).join('_');
      expect(table).not.toContain(secret);
      expect(everything).not.toContain(secret);
      expect(env.logs.text).not.toContain(secret);
    }
  });
});
