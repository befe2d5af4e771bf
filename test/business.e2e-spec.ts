import type { INestApplication } from '@nestjs/common';
import { Factory } from './support/factories';
import { gql, TestEnv } from './support/test-env';

const BUSINESS = `query($handle: String!) { business(handle: $handle) { id handle name description category currency country createdAt } }`;

describe('business(handle)', () => {
  let env: TestEnv;
  let api: INestApplication;
  let factory: Factory;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    factory = new Factory(api);
  });
  afterAll(() => env.close());

  it('returns a business by its handle, case-insensitively', async () => {
    const made = await factory.business({ handle: 'kopi.corner', name: 'Kopi Corner', currency: 'SGD', country: 'SG' });
    const res = await gql(api, BUSINESS, { handle: 'Kopi.Corner' }).expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.business).toMatchObject({
      id: made.id,
      handle: 'kopi.corner',
      name: 'Kopi Corner',
      currency: 'SGD',
      country: 'SG',
    });
    expect(new Date(res.body.data.business.createdAt).getTime()).toBeGreaterThan(0);
  });

  it('returns null for a handle nobody has', async () => {
    const res = await gql(api, BUSINESS, { handle: 'nobody.here' }).expect(200);
    expect(res.body).toEqual({ data: { business: null } });
  });

  it('refuses a malformed handle with BAD_USER_INPUT naming the field', async () => {
    const res = await gql(api, BUSINESS, { handle: 'x' }).expect(200);
    expect(res.body.errors[0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'handle', messages: [expect.stringContaining('handle')] }],
    });
  });

  it('refuses a taken handle with HANDLE_TAKEN and stores nothing', async () => {
    await factory.business({ handle: 'taken.one' });
    await expect(factory.business({ handle: 'TAKEN.one', name: 'Other' })).rejects.toMatchObject({ code: 'HANDLE_TAKEN' });
    const { rows } = await (await env.sql()).query(`select count(*)::int as n from business where handle = 'taken.one'`);
    expect(rows[0].n).toBe(1);
  });

  it('refuses a business with an unknown currency and stores nothing', async () => {
    await expect(factory.business({ handle: 'bad.money', currency: 'XYZ' })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const { rows } = await (await env.sql()).query(`select count(*)::int as n from business where handle = 'bad.money'`);
    expect(rows[0].n).toBe(0);
  });

  it('the database itself refuses what the entity refuses (CHECK constraints behind the code)', async () => {
    const sql = await env.sql();
    await expect(
      sql.query(
        `insert into business (id, handle, name, currency, country) values (gen_random_uuid(), 'Bad Handle', 'n', 'MYR', 'MY')`,
      ),
    ).rejects.toThrow(/business_handle_format/);
    await expect(
      sql.query(
        `insert into business (id, handle, name, currency, country) values (gen_random_uuid(), 'ok.handle', 'n', 'myr', 'MY')`,
      ),
    ).rejects.toThrow(/check constraint/);
  });
});
