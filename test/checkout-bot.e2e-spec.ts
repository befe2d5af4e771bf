import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ORDER_BOT_HOOKS } from '@kedai/checkout';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { eventually, TestEnv } from './support/test-env';

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`;

/**
 * The order bot under pressure, with orders written straight into the database in bulk (the
 * GraphQL path is covered in checkout.e2e-spec.ts): a hot SKU wanted by 2,000 orders at once,
 * a crash in the middle of a job, a job delivered twice, and one business flooding the queue.
 */
describe('the order bot under load and faults', () => {
  let env: TestEnv;
  let api: INestApplication;
  let owner: SignedIn;
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  /** A business selling one product with a photo; returns its ids. */
  async function shopWith(stock: number | null) {
    const shop = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness as { id: string };
    const photo = await uploadPhoto(api, owner.auth, shop.id);
    const product = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop.id,
        input: {
          retailerId: `HOT-${randomUUID().slice(0, 8)}`,
          name: 'Durian',
          price: '2500',
          currency: 'MYR',
          stock,
          photos: [photo],
        },
      })
    ).createProduct;
    return { businessId: shop.id, productId: product.id as string, variantId: product.variants[0].id as string };
  }

  /**
   * `count` pending orders of one unit each from `shoppers` people, as sendOrder leaves them:
   * order, line, the order message's conversation, and the outbox row that wakes the bot.
   */
  async function placeOrders(
    shop: { businessId: string; productId: string; variantId: string },
    count: number,
    shoppers: number,
  ) {
    const people = await sql(
      `insert into person (id, phone) select gen_random_uuid(), '+60' || lpad((floor(random() * 1e6))::int::text, 6, '0') || lpad(i::text, 4, '0')
         from generate_series(1, $1::int) i returning id`,
      [shoppers],
    );
    const ids = people.map((p: { id: string }) => p.id);
    await sql(
      `insert into conversation (id, kind, pair_key, business_id, handler, created_by)
       select gen_random_uuid(), 'business', 'business:' || $1::text || ':' || p, $1::uuid, 'bot', p from unnest($2::uuid[]) p`,
      [shop.businessId, ids],
    );
    await sql(
      `insert into conversation_member (conversation_id, person_id)
       select c.id, c.created_by from conversation c where c.business_id = $1::uuid and c.created_by = any($2::uuid[])`,
      [shop.businessId, ids],
    );
    const orders = await sql(
      `insert into shop_order (id, reference_id, business_id, person_id, conversation_id, idempotency_key, currency, subtotal_minor, total_minor)
       select gen_random_uuid(), 'KD-T' || substr(md5(random()::text), 1, 10), $1::uuid, c.created_by, c.id, 'bulk-' || i, 'MYR', 2500, 2500
         from generate_series(1, $3::int) i
         join lateral (select * from conversation where business_id = $1::uuid and created_by = ($2::uuid[])[1 + i % cardinality($2::uuid[])]) c on true
       returning id`,
      [shop.businessId, ids, count],
    );
    await sql(
      `insert into order_line (order_id, line_no, product_id, variant_id, sku, name, quantity, unit_price_minor)
       select o.id, 1, $2, $3, 'HOT', 'Durian', 1, 2500 from shop_order o where o.business_id = $1`,
      [shop.businessId, shop.productId, shop.variantId],
    );
    // The job sendOrder's transaction writes: the order's place in its business's backlog is its priority.
    await sql(
      `insert into outbox (id, queue, name, payload, priority)
       select gen_random_uuid(), 'orders', 'orders.process', jsonb_build_object('orderId', o.id),
              row_number() over (order by o.created_at, o.id)
         from shop_order o where o.business_id = $1 and o.status = 'pending'`,
      [shop.businessId],
    );
    return orders.map((o: { id: string }) => o.id);
  }

  const statuses = async (businessId: string) =>
    Object.fromEntries(
      (await sql(`select status, count(*)::int n from shop_order where business_id = $1 group by status`, [businessId])).map(
        (r: { status: string; n: number }) => [r.status, r.n],
      ),
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } });
    owner = await signIn(env, api);
  });
  afterAll(() => env.close());

  it('a hot SKU: stock 100, 2,000 orders at once, two workers: exactly 100 reserved, the rest told it sold out', async () => {
    const shop = await shopWith(100);
    await placeOrders(shop, 2000, 200);
    await Promise.all([env.worker(), env.worker()]);
    await eventually(async () => ((await statuses(shop.businessId)).pending ?? 0) === 0, 'every order decided', 180_000, 250);
    expect(await statuses(shop.businessId)).toEqual({ awaiting_payment: 100, canceled: 1900 });
    expect((await sql('select stock from product_variant where id = $1', [shop.variantId]))[0].stock).toBe(0);
    const [held] = await sql(
      `select coalesce(sum(quantity), 0)::int n, count(distinct order_id)::int orders from stock_reservation where variant_id = $1`,
      [shop.variantId],
    );
    expect(held).toEqual({ n: 100, orders: 100 });
    // One message per order: the payment request for the 100, the sold-out notice for the rest.
    const [said] = await sql(
      `select count(*) filter (where m.kind = 'order_details')::int details,
              count(*) filter (where m.kind = 'order_status' and m.payload->>'status' = 'canceled' and m.payload->>'note' like '%sold out%')::int sold_out
         from message m join conversation c on c.id = m.conversation_id where c.business_id = $1`,
      [shop.businessId],
    );
    expect(said).toEqual({ details: 100, sold_out: 1900 });
    await env.stopWorkers();
  }, 240_000);

  it('a worker that crashes before its commit, and a job delivered twice: each order reserved once, one payment request', async () => {
    const shop = await shopWith(10);
    const [orderId] = await placeOrders(shop, 1, 1);
    let crashes = 0;
    // The first run dies after writing everything and before committing; the retry finishes.
    await env.worker({
      overrides: [
        {
          provide: ORDER_BOT_HOOKS,
          useValue: { beforeCommit: () => (crashes++ === 0 ? Promise.reject(new Error('killed mid-job')) : Promise.resolve()) },
        },
      ],
    });
    await eventually(async () => (await statuses(shop.businessId)).awaiting_payment === 1, 'the retry to finish', 30_000);
    expect(crashes).toBe(2);
    // And the same order handed to the bot again later (a redelivered job) changes nothing.
    await sql(
      `insert into outbox (id, queue, name, payload) values (gen_random_uuid(), 'orders', 'orders.process', jsonb_build_object('orderId', $1::text))`,
      [orderId],
    );
    await eventually(
      async () => (await sql(`select count(*)::int n from outbox where sent_at is null and available_at <= now()`))[0].n === 0,
      'the redelivery',
    );
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await sql('select stock from product_variant where id = $1', [shop.variantId]))[0].stock).toBe(9);
    expect((await sql(`select count(*)::int n from stock_reservation where order_id = $1`, [orderId]))[0].n).toBe(1);
    const [said] = await sql(`select count(*)::int n from message where kind = 'order_details' and payload->>'orderId' = $1`, [
      orderId,
    ]);
    expect(said.n).toBe(1);
    await env.stopWorkers();
  }, 60_000);

  it('what changes between the bot’s read and its one statement (the last units taken, a new price) writes nothing there, and the full path decides', async () => {
    const soldOut = await shopWith(10);
    const repriced = await shopWith(10);
    const [goneId] = await placeOrders(soldOut, 1, 1);
    const [movedId] = await placeOrders(repriced, 1, 1);
    // Run by the fast path after its read and before its statement (OrderFastPath's beforeWrite):
    // another order takes the last units of one, the merchant changes the other's price.
    const meddled = new Set<string>();
    await env.worker({
      overrides: [
        {
          provide: ORDER_BOT_HOOKS,
          useValue: {
            beforeCommit: async (orderId: string) => {
              if (meddled.has(orderId)) return;
              meddled.add(orderId);
              if (orderId === goneId) await sql('update product_variant set stock = 0 where id = $1', [soldOut.variantId]);
              if (orderId === movedId)
                await sql('update product_variant set price_minor = 3000 where id = $1', [repriced.variantId]);
            },
          },
        },
      ],
    });
    await eventually(
      async () => ((await statuses(soldOut.businessId)).canceled ?? 0) === 1,
      'the sold-out order canceled by the full path',
      30_000,
    );
    await eventually(
      async () => (await sql(`select hold from shop_order where id = $1`, [movedId]))[0].hold === 'price_changed',
      'the repriced order held for the shopper by the full path',
      30_000,
    );
    await env.stopWorkers();
    const stock = async (variantId: string) =>
      (await sql('select stock from product_variant where id = $1', [variantId]))[0].stock;
    expect(await stock(soldOut.variantId)).toBe(0);
    expect(await stock(repriced.variantId)).toBe(10);
    for (const orderId of [goneId, movedId]) {
      expect((await sql(`select count(*)::int n from stock_reservation where order_id = $1`, [orderId]))[0].n).toBe(0);
      // No payment request, and the conversation's numbers have no gap (the fast statement moved none).
      const [c] = await sql(
        `select c.last_seq::int, count(m.id)::int n, count(m.id) filter (where m.kind = 'order_details')::int details
           from shop_order o join conversation c on c.id = o.conversation_id left join message m on m.conversation_id = c.id
          where o.id = $1 group by c.last_seq`,
        [orderId],
      );
      expect(c.details).toBe(0);
      expect(c.n).toBeGreaterThan(0);
      expect(c.last_seq).toBe(c.n);
    }
  }, 60_000);

  it('an order whose job Redis lost (flushed, or restarted empty) is put back in line and decided once', async () => {
    const shop = await shopWith(10);
    const [lost, held] = await placeOrders(shop, 2, 1);
    // The relay marked the jobs sent, then Redis forgot them: no job exists for either order. The
    // second is held for the merchant's review, which the sweeper must leave alone.
    await sql(`update outbox set sent_at = now() where payload->>'orderId' = any($1)`, [[lost, held]]);
    await sql(`update shop_order set updated_at = now() - interval '2 minutes' where id = any($1)`, [[lost, held]]);
    await sql(`update shop_order set hold = 'merchant_review' where id = $1`, [held]);
    await env.worker();
    await eventually(async () => (await statuses(shop.businessId)).awaiting_payment === 1, 'the lost order decided', 20_000);
    const [requests] = await sql(
      `select count(*)::int n from message where kind = 'order_details' and payload->>'orderId' = $1`,
      [lost],
    );
    expect(requests.n).toBe(1);
    expect((await sql('select status, hold from shop_order where id = $1', [held]))[0]).toEqual({
      status: 'pending',
      hold: 'merchant_review',
    });
    await env.stopWorkers();
  });

  it('is fair: a business flooding the queue does not make another business’s order wait behind its flood', async () => {
    const flood = await shopWith(null);
    const other = await shopWith(null);
    await placeOrders(flood, 300, 30);
    const [late] = await placeOrders(other, 1, 1);
    // One job at a time, so the order of service is the queue's order.
    await env.worker({ env: { WORKER_CONCURRENCY: '1' } });
    await eventually(async () => (await statuses(other.businessId)).awaiting_payment === 1, 'the other business’s order', 60_000);
    const [{ before }] = await sql(
      `select count(*)::int before from order_transition t join shop_order o on o.id = t.order_id
        where o.business_id = $1 and t.to_status = 'awaiting_payment'
          and t.created_at < (select created_at from order_transition where order_id = $2 and to_status = 'awaiting_payment')`,
      [flood.businessId, late],
    );
    // First in, first out would have served all 300 first.
    expect(before).toBeLessThan(100);
    await env.stopWorkers();
  }, 120_000);
});
