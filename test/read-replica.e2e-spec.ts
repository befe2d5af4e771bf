import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase } from '../db/database-admin';
import { cliOrmOptions } from '../db/mikro-orm.config';
import { LocalPostgres, postgresBin } from '../bench/infra/local-postgres';
import { signIn, type SignedIn } from './support/auth';
import { ok } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { merchant } from './payments-helpers';
import { eventually, gql, TestEnv } from './support/test-env';

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`;
const UPDATE_PRODUCT = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const CATALOG = `query($h: String!) { catalog(handle: $h, first: 10) { edges { node { id name } } } }`;
const SEARCH = `query($q: String!, $h: String) { searchProducts(query: $q, handle: $h, first: 10) { edges { node { id name } } } }`;
const HANDLE = `{ myBusinesses { business { handle } } }`;
const CART = `query($b: ID!) { cart(businessId: $b) { lines { variantId quantity } } }`;
const ADD = `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { lines { quantity } } }`;
const SET = `mutation($v: ID!, $q: Int) { setCartQuantity(variantId: $v, quantity: $q) { lines { quantity } } }`;
const SEND = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id status } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { id status } }`;
const MY_ORDERS = `query($b: ID) { myOrders(businessId: $b) { id status } }`;
const CANCEL = `mutation($o: ID!) { cancelOrder(orderId: $o) { status } }`;
const MOVE = `mutation($o: ID!, $to: OrderStatus!) { transitionOrder(orderId: $o, to: $to) { status } }`;
const EXPORT = `query($b: ID!) { exportOrders(businessId: $b) }`;

const bin = postgresBin();
// The machine's own server is not used as the primary: its pg_hba.conf has no replication entry
// (ALTER SYSTEM cannot add one) and a test must not edit a shared server's files. A primary of the
// test's own replicates the same way, and pausing its replica's replay disturbs nobody.
const describeWithPostgres = bin ? describe : describe.skip;

/**
 * DATABASE_READ_URL on a real streaming replica: a primary and a hot standby (initdb +
 * pg_basebackup -R) started by this file on free ports. Replay is paused with
 * pg_wal_replay_pause() to make the replica lag as long as a test needs: what the replica serves
 * then shows plainly, and what a writer reads must still be what they wrote.
 */
describeWithPostgres('a PostgreSQL read replica (DATABASE_READ_URL)', () => {
  let primary: LocalPostgres;
  let replica: LocalPostgres;
  let env: TestEnv;
  let api: INestApplication;
  let owner: SignedIn;
  let shop: { id: string; handle: string };
  let kopi: { id: string; variant: string };

  const onPrimary = async (sql: string, params: unknown[] = []) => (await env.sql()).query(sql, params).then((r) => r.rows);
  const onReplica = (sql: string, params: unknown[] = []) => replica.query(sql, params, 'kedai');
  const pauseReplay = async () => {
    await replica.query('select pg_wal_replay_pause()');
    await eventually(
      async () => (await replica.query<{ s: string }>('select pg_get_wal_replay_pause_state() as s'))[0].s === 'paused',
      'replay to pause',
    );
  };
  /** Resumes replay and waits until the replica has everything the primary has committed. */
  const catchUp = async () => {
    await replica.query('select pg_wal_replay_resume()');
    const [{ lsn }] = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    await eventually(
      async () =>
        (await replica.query<{ behind: boolean }>(`select pg_last_wal_replay_lsn() < $1::pg_lsn as behind`, [lsn]))[0].behind ===
        false,
      'the replica to catch up',
    );
  };
  const anonymousNames = async () =>
    ((await ok(api, {}, CATALOG, { h: shop.handle })).catalog.edges as { node: { name: string } }[]).map((e) => e.node.name);

  beforeAll(async () => {
    primary = await LocalPostgres.primary();
    const url = primary.url('kedai');
    await createDatabase(url);
    const orm = await MikroORM.init(cliOrmOptions(url));
    await orm.migrator.up().finally(() => orm.close());
    replica = await primary.streamingReplica();
    env = await TestEnv.create({ databaseUrl: url });
    // No answer cache: every catalog read here reaches the database, so where it ran shows.
    api = await env.api({
      env: { DATABASE_READ_URL: replica.url('kedai'), CATALOG_READ_CACHE: 'false', RATE_LIMIT_PER_IP: '100000' },
    });
    const m = await merchant(env, api);
    owner = m.owner;
    shop = { id: m.businessId, handle: (await ok(api, owner.auth, HANDLE)).myBusinesses[0].business.handle as string };
    const photo = await uploadPhoto(api, owner.auth, shop.id);
    const created = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop.id,
        input: { retailerId: 'KOPI', name: 'Kopi Susu', price: '1000', currency: 'MYR', stock: 50, photos: [photo] },
      })
    ).createProduct;
    kopi = { id: created.id, variant: created.variants[0].id };
  }, 180_000);

  afterAll(async () => {
    await env?.close().catch(() => undefined);
    await replica?.destroy();
    await primary?.destroy();
  });

  it('serves anonymous catalog and search reads from the replica', async () => {
    await catchUp();
    expect(await anonymousNames()).toEqual(['Kopi Susu']);
    // The app holds connections to the replica, and the replica is really one.
    expect((await onReplica('select pg_is_in_recovery() as r'))[0].r).toBe(true);
    await pauseReplay();
    // A change behind the app's back (no catalog change is announced): only the primary has it.
    await onPrimary(`update product set name = 'Kopi Susu Ais' where id = $1`, [kopi.id]);
    expect(await anonymousNames()).toEqual(['Kopi Susu']);
    const search = await ok(api, {}, SEARCH, { q: 'kopi', h: shop.handle });
    expect(search.searchProducts.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['Kopi Susu']);
    const fromReplica = await onReplica(
      `select count(*)::int as n from pg_stat_activity where datname = 'kedai' and backend_type = 'client backend'`,
    );
    expect(fromReplica[0].n).toBeGreaterThan(0);
    await catchUp();
    expect(await anonymousNames()).toEqual(['Kopi Susu Ais']);
  });

  it('never shows a catalog change the app made to anyone from a replica that has not replayed it', async () => {
    await catchUp();
    await pauseReplay();
    await ok(api, owner.auth, UPDATE_PRODUCT, { id: kopi.id, input: { name: 'Kopi Gula Melaka' } });
    expect((await onReplica('select name from product where id = $1', [kopi.id]))[0].name).toBe('Kopi Susu Ais');
    // The merchant who wrote it, and anonymous shoppers (the change raised the catalog's floor).
    expect((await ok(api, owner.auth, CATALOG, { h: shop.handle })).catalog.edges[0].node.name).toBe('Kopi Gula Melaka');
    expect(await anonymousNames()).toEqual(['Kopi Gula Melaka']);
    await catchUp();
    expect(await anonymousNames()).toEqual(['Kopi Gula Melaka']);
  });

  it('never gives a shopper an older cart or order than they wrote while the replica lags', async () => {
    await catchUp();
    const shopper = await signIn(env, api);
    await pauseReplay();
    await ok(api, shopper.auth, ADD, { v: kopi.variant, q: 2 });
    expect((await ok(api, shopper.auth, CART, { b: shop.id })).cart.lines).toEqual([{ variantId: kopi.variant, quantity: 2 }]);
    await ok(api, shopper.auth, SET, { v: kopi.variant, q: 3 });
    expect((await ok(api, shopper.auth, CART, { b: shop.id })).cart.lines).toEqual([{ variantId: kopi.variant, quantity: 3 }]);
    const order = (await ok(api, shopper.auth, SEND, { b: shop.id, k: `rr-order-${process.pid}` })).sendOrder;
    expect((await ok(api, shopper.auth, ORDER, { o: order.id })).order).toEqual({ id: order.id, status: 'PENDING' });
    expect((await ok(api, shopper.auth, MY_ORDERS, { b: shop.id })).myOrders).toEqual([{ id: order.id, status: 'PENDING' }]);
    expect((await ok(api, shopper.auth, CART, { b: shop.id })).cart.lines).toEqual([]);
    // Meanwhile the replica has none of it: the answers above came from the primary.
    expect(await onReplica('select id from shop_order where id = $1', [order.id])).toEqual([]);
    await ok(api, shopper.auth, CANCEL, { o: order.id });
    expect((await ok(api, shopper.auth, ORDER, { o: order.id })).order.status).toBe('CANCELED');
    await catchUp();
  });

  it("runs a merchant's export on the replica, except while it lacks the merchant's own writes", async () => {
    await catchUp();
    const shopper = await signIn(env, api);
    await ok(api, shopper.auth, ADD, { v: kopi.variant, q: 1 });
    const order = (await ok(api, shopper.auth, SEND, { b: shop.id, k: `rr-export-${process.pid}` })).sendOrder;
    const reference = (await onPrimary('select reference_id from shop_order where id = $1', [order.id]))[0]
      .reference_id as string;
    const exported = async () =>
      ((await ok(api, owner.auth, EXPORT, { b: shop.id })).exportOrders as string)
        .split('\n')
        .find((l) => l.startsWith(reference));

    await pauseReplay();
    await ok(api, owner.auth, MOVE, { o: order.id, to: 'CANCELED' });
    expect(await exported()).toContain(',canceled,');
    expect((await onReplica('select status from shop_order where id = $1', [order.id]))[0].status).toBe('pending');

    // Once the replica has the merchant's writes, the export runs there: a change made behind the
    // app's back while replay is paused again does not show.
    await catchUp();
    await pauseReplay();
    await onPrimary(`update order_line set name = 'Changed on the primary only' where order_id = $1`, [order.id]);
    // The app looks at the replica's replay position at most every 50 ms and, until it has seen the
    // replica pass the merchant's write, reads from the primary: the export moves to the replica on
    // its next look, not necessarily on the very first read after the catch-up.
    expect(
      await eventually(async () => (await exported())?.includes(',Kopi Gula Melaka,'), 'the export to run on the replica', 5_000),
    ).toBe(true);
    expect(await exported()).toContain(',Kopi Gula Melaka,');
    await catchUp();
    expect(await exported()).toContain(',Changed on the primary only,');
  });

  it('reads from the primary when the replica cannot be reached', async () => {
    await replica.stop('fast');
    try {
      await onPrimary(`update product set name = 'Kopi O' where id = $1`, [kopi.id]);
      const fresh = async () => (await anonymousNames().catch(() => []))[0] === 'Kopi O';
      await eventually(fresh, 'catalog reads to move to the primary', 10_000, 200);
      expect((await gql(api, CATALOG, { h: shop.handle })).body.errors).toBeUndefined();
    } finally {
      await replica.start();
    }
  });
});
