import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { ok, refusal } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { OutboxHandoff, QueueRegistry } from '@kedai/core';
import { addCard, createIntent, merchant, shopper } from './payments-helpers';
import { eventually, gql, TestEnv } from './support/test-env';

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id sku } } }`;
const UPDATE_PRODUCT = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const CART_FIELDS = `businessId orderable subtotal { amount } lines { variantId sku quantity problem unitPrice { amount } lineTotal { amount } }`;
const CART = `query($b: ID!) { cart(businessId: $b) { ${CART_FIELDS} } }`;
const ADD = `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { ${CART_FIELDS} } }`;
const SET = `mutation($v: ID!, $q: Int) { setCartQuantity(variantId: $v, quantity: $q) { ${CART_FIELDS} } }`;
const REMOVE = `mutation($b: ID!, $v: ID!) { removeFromCart(businessId: $b, variantId: $v) { ${CART_FIELDS} } }`;
const ORDER_FIELDS = `id referenceId status hold conversationId subtotal { amount } discount { amount } tax { amount } shipping { amount } total { amount }
  botError lines { sku quantity unitPrice { amount } } transitions { from to actor note }`;
const SEND = `mutation($b: ID!, $k: String!, $code: String, $note: String) { sendOrder(businessId: $b, idempotencyKey: $k, discountCode: $code, note: $note) { ${ORDER_FIELDS} } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { ${ORDER_FIELDS} } }`;
const ORDERS = `query($b: ID!, $s: OrderStatus) { orders(businessId: $b, status: $s) { id status } }`;
const EXPORT = `query($b: ID!) { exportOrders(businessId: $b) }`;
const CANCEL = `mutation($o: ID!) { cancelOrder(orderId: $o) { status } }`;
const MOVE = `mutation($o: ID!, $to: OrderStatus!, $note: String) { transitionOrder(orderId: $o, to: $to, note: $note) { status } }`;
const ACCEPT = `mutation($o: ID!) { acceptOrder(orderId: $o) { status hold } }`;
const ACCEPT_PRICES = `mutation($o: ID!) { acceptOrderPrices(orderId: $o) { status hold } }`;
const PAY = `mutation($o: ID!, $k: String!) { payOrder(orderId: $o, idempotencyKey: $k) { state } }`;
const PAY_INTENT = `mutation($id: ID!, $k: String) { confirmPaymentIntent(id: $id, input: { idempotencyKey: $k }) { state } }`;
const SETTINGS = `mutation($b: ID!, $auto: Boolean, $tax: Int, $lang: String) { updateCheckoutSettings(businessId: $b, autoAccept: $auto, taxRateBp: $tax, language: $lang) { autoAccept taxRateBp } }`;
const SHIPPING = `mutation($b: ID!, $o: [ShippingOptionInput!]!) { setShippingOptions(businessId: $b, options: $o) { id kind fee freeOver } }`;
const CODE = `mutation($b: ID!) { createDiscountCode(businessId: $b, code: "save10", kind: "PERCENT", value: "1000") { code used } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 100) { messages { seq kind senderKind
  content { __typename ... on OrderContent { orderId subtotal { amount } } ... on OrderDetailsContent { orderId referenceId total { amount } expiresAt }
    ... on OrderStatusContent { status note } ... on PaymentContent { status amount { amount } } ... on TextContent { body }
    ... on InteractiveContent { body buttons { id } } } } } }`;

type Msg = { kind: string; content: Record<string, unknown> };

/** The real handoff (its fallback delay from the environment), in a process that stops before it adds the job. */
class NeverHandsOff extends OutboxHandoff {
  override async handOff(): Promise<void> {}
}

/**
 * The checkout in the chat, from cart to payment request and on, through GraphQL with the real
 * worker (the order bot) running.
 */
describe('checkout in chat', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext | undefined;
  let owner: SignedIn;
  let shop: string;
  let kopi: { id: string; variant: string };
  /** A variant with untracked stock, for tests about the order's path rather than its units. */
  let teh: string;
  let tee: { id: string; s: string; m: string };
  let n = 0;
  const key = () => `order-key-${process.pid}-${(n += 1)}`;
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;
  const stock = async (variant: string) =>
    (await sql('select stock from product_variant where id = $1', [variant]))[0].stock as number;
  const chat = async (who: SignedIn, conversationId: string) =>
    (await ok(api, who.auth, HISTORY, { c: conversationId })).messages.messages as Msg[];
  const order = async (who: SignedIn, id: string) => (await ok(api, who.auth, ORDER, { o: id })).order;
  const settled = (who: SignedIn, id: string, status: string) =>
    eventually(async () => {
      const o = await order(who, id);
      return o.status === status && !o.hold ? o : null;
    }, `order ${id} to be ${status}`);
  const startWorker = async () => (worker ??= await env.worker());
  const stopWorker = async () => {
    await env.stopWorkers();
    worker = undefined;
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } });
    const m = await merchant(env, api);
    owner = m.owner;
    shop = m.businessId;
    const photo = await uploadPhoto(api, owner.auth, shop);
    const k = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop,
        input: { retailerId: 'KOPI', name: 'Kopi', price: '1000', currency: 'MYR', stock: 5, photos: [photo] },
      })
    ).createProduct;
    kopi = { id: k.id, variant: k.variants[0].id };
    const h = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop,
        input: { retailerId: 'TEH', name: 'Teh', price: '800', currency: 'MYR', stock: null, photos: [photo] },
      })
    ).createProduct;
    teh = h.variants[0].id;
    const t = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop,
        input: {
          retailerId: 'TEE',
          name: 'Tee',
          price: '3000',
          currency: 'MYR',
          photos: [photo],
          variants: [
            { sku: 'TEE-S', options: [{ name: 'size', value: 'S' }], stock: 10 },
            { sku: 'TEE-M', options: [{ name: 'size', value: 'M' }], price: '3500' },
          ],
        },
      })
    ).createProduct;
    tee = { id: t.id, s: t.variants[0].id, m: t.variants[1].id };
    await ok(api, owner.auth, SETTINGS, { b: shop, tax: 600 });
    await ok(api, owner.auth, SHIPPING, { b: shop, o: [{ kind: 'FLAT', name: 'Lalamove', fee: '500', freeOver: '10000' }] });
    await ok(api, owner.auth, CODE, { b: shop });
    await startWorker();
  });
  afterAll(() => env.close());

  it('keeps a cart on the server, priced and checked on every read', async () => {
    const s = await signIn(env, api);
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 2 });
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 1 });
    let cart = (await ok(api, s.auth, ADD, { v: tee.m, q: 1 })).addToCart;
    expect(cart).toMatchObject({ orderable: true, subtotal: { amount: '6500' } });
    expect(cart.lines.map((l: { sku: string; quantity: number }) => [l.sku, l.quantity])).toEqual([
      ['KOPI', 3],
      ['TEE-M', 1],
    ]);
    cart = (await ok(api, s.auth, SET, { v: kopi.variant, q: 6 })).setCartQuantity;
    expect(cart.lines[0]).toMatchObject({ quantity: 6, problem: 'NOT_ENOUGH_STOCK' });
    expect(cart.orderable).toBe(false);
    const refused = await refusal(api, s.auth, SEND, { b: shop, k: key() });
    expect(refused.extensions).toMatchObject({
      code: 'CART_NOT_ORDERABLE',
      lines: [{ variantId: kopi.variant, problem: 'not_enough_stock' }],
    });
    await ok(api, s.auth, SET, { v: kopi.variant, q: 1 });
    // A product hidden after it went into the cart is flagged, not dropped.
    await ok(api, owner.auth, UPDATE_PRODUCT, { id: tee.id, input: { availability: 'HIDDEN' } });
    cart = (await ok(api, s.auth, CART, { b: shop })).cart;
    expect(cart.lines.find((l: { sku: string }) => l.sku === 'TEE-M')).toMatchObject({ problem: 'UNAVAILABLE' });
    await ok(api, owner.auth, UPDATE_PRODUCT, { id: tee.id, input: { availability: 'IN_STOCK' } });
    cart = (await ok(api, s.auth, REMOVE, { b: shop, v: tee.m })).removeFromCart;
    expect(cart.lines.map((l: { sku: string }) => l.sku)).toEqual(['KOPI']);
  });

  it('sends the cart as an order message once per key, and the bot answers with the payment request', async () => {
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 2 });
    await ok(api, s.auth, ADD, { v: tee.s, q: 1 });
    const before = await stock(kopi.variant);
    const k = key();
    const sent = await Promise.all(
      Array.from({ length: 5 }, () => gql(api, SEND, { b: shop, k, code: 'SAVE10', note: 'Less sugar' }, s.auth)),
    );
    const ids = new Set(sent.map((r) => r.body.data.sendOrder.id as string));
    expect(ids.size).toBe(1);
    const placed = sent[0].body.data.sendOrder;
    expect(placed).toMatchObject({ status: 'PENDING', subtotal: { amount: '5000' } });
    expect((await sql('select count(*)::int n from shop_order where person_id = $1', [s.personId]))[0].n).toBe(1);
    expect((await ok(api, s.auth, CART, { b: shop })).cart.lines).toEqual([]);

    const ready = await settled(s, placed.id, 'AWAITING_PAYMENT');
    // 5000 - 10% = 4500; tax 6% = 270; shipping 500 (free only from 10000).
    expect(ready).toMatchObject({
      subtotal: { amount: '5000' },
      discount: { amount: '500' },
      tax: { amount: '270' },
      shipping: { amount: '500' },
      total: { amount: '5270' },
    });
    expect(await stock(kopi.variant)).toBe(before - 2);
    const messages = await chat(s, placed.conversationId);
    // The payment request is the bot's whole answer: no separate "received" text before it.
    expect(messages.map((m) => m.kind)).toEqual(['ORDER', 'ORDER_DETAILS']);
    expect(messages[1].content).toMatchObject({ orderId: placed.id, referenceId: placed.referenceId, total: { amount: '5270' } });
    expect((await sql(`select used from discount_code where business_id = $1`, [shop]))[0].used).toBe(1);
  });

  it('hands the bot its job at once: in the queue under its outbox row id, the row marked sent, due only later', async () => {
    const w = await startWorker();
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: teh, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    const row = await eventually(async () => {
      const [r] = await sql(
        `select id, sent_at is not null as marked, available_at > created_at + interval '1 second' as later
           from outbox where name = 'orders.process' and payload->>'orderId' = $1`,
        [placed.id],
      );
      return r?.marked ? r : null;
    }, 'the handed-off row marked sent');
    expect(row.later).toBe(true);
    expect(await w.get(QueueRegistry).get('orders').getJob(row.id)).toBeDefined();
    await settled(s, placed.id, 'AWAITING_PAYMENT');
  });

  it('an order whose job never reached the queue (its API died after the commit) is decided once its row is due', async () => {
    await startWorker();
    // The API process stops between its commit and its handoff: the row is all there is.
    const dying = await env.api({
      env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000', OUTBOX_HANDOFF_FALLBACK_MS: '300' },
      overrides: [{ provide: OutboxHandoff, useClass: NeverHandsOff }],
    });
    try {
      const s = await shopper(env, dying);
      await ok(dying, s.auth, ADD, { v: teh, q: 1 });
      const placed = (await ok(dying, s.auth, SEND, { b: shop, k: key() })).sendOrder;
      await settled(s, placed.id, 'AWAITING_PAYMENT');
      const [row] = await sql(
        `select sent_at is not null as relayed from outbox where name = 'orders.process' and payload->>'orderId' = $1`,
        [placed.id],
      );
      expect(row.relayed).toBe(true);
    } finally {
      await dying.close();
    }
  });

  it('a shopper cancels before paying: the stock goes back and the chat says so', async () => {
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    await settled(s, placed.id, 'AWAITING_PAYMENT');
    const held = await stock(kopi.variant);
    expect((await ok(api, s.auth, CANCEL, { o: placed.id })).cancelOrder.status).toBe('CANCELED');
    expect(await stock(kopi.variant)).toBe(held + 1);
    const last = (await chat(s, placed.conversationId)).at(-1)!;
    expect(last).toMatchObject({ kind: 'ORDER_STATUS', content: { status: 'canceled' } });
    expect((await refusal(api, s.auth, CANCEL, { o: placed.id })).extensions.code).toBe('INVALID_TRANSITION');
  });

  it('an unpaid order lapses when its payment window closes', async () => {
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    await settled(s, placed.id, 'AWAITING_PAYMENT');
    const held = await stock(kopi.variant);
    // No job waits for it (the bot's own handed-off job aside): the worker's sweep finds the window
    // closed (fast-forwarded here).
    expect(
      (
        await sql(
          `select count(*)::int n from outbox where payload->>'orderId' = $1 and name <> 'orders.process' and available_at > now()`,
          [placed.id],
        )
      )[0].n,
    ).toBe(0);
    await sql(`update shop_order set expires_at = now() - interval '1 second' where id = $1`, [placed.id]);
    await settled(s, placed.id, 'CANCELED');
    expect(await stock(kopi.variant)).toBe(held + 1);
    expect((await chat(s, placed.conversationId)).at(-1)!.content.note).toMatch(/time to pay ran out/);
  });

  it('asks the shopper when a price moved since the order was sent, and goes on at the new price once accepted', async () => {
    await stopWorker();
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: tee.s, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    await ok(api, owner.auth, UPDATE_PRODUCT, { id: tee.id, input: { price: '3200' } });
    await ok(api, owner.auth, `mutation($v: ID!) { updateVariant(id: $v, input: { price: "3200" }) { id } }`, { v: tee.s });
    await startWorker();
    const held = await eventually(
      async () => ((await order(s, placed.id)).hold === 'PRICE_CHANGED' ? order(s, placed.id) : null),
      'the price question',
    );
    expect(held.lines[0].unitPrice.amount).toBe('3200');
    const question = (await chat(s, placed.conversationId)).at(-1)!;
    expect(question).toMatchObject({
      kind: 'INTERACTIVE',
      content: { buttons: [{ id: `accept-prices:${placed.id}` }, { id: `cancel-order:${placed.id}` }] },
    });
    await ok(api, s.auth, ACCEPT_PRICES, { o: placed.id });
    const ready = await settled(s, placed.id, 'AWAITING_PAYMENT');
    expect(ready.subtotal.amount).toBe('3200');
  });

  it('a shop that reviews orders accepts each before the payment request goes out', async () => {
    await ok(api, owner.auth, SETTINGS, { b: shop, auto: false });
    try {
      const s = await shopper(env, api);
      await ok(api, s.auth, ADD, { v: kopi.variant, q: 1 });
      const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
      await eventually(async () => (await order(s, placed.id)).hold === 'MERCHANT_REVIEW', 'the hold');
      expect((await refusal(api, s.auth, ACCEPT, { o: placed.id })).extensions.code).toBe('FORBIDDEN');
      await ok(api, owner.auth, ACCEPT, { o: placed.id });
      await settled(s, placed.id, 'AWAITING_PAYMENT');
    } finally {
      await ok(api, owner.auth, SETTINGS, { b: shop, auto: true });
    }
  });

  it('pays from the chat: the order is paid, the reservation sold, a receipt posted; then the merchant moves it along', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, '4242424242424242');
    await ok(api, s.auth, ADD, { v: kopi.variant, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    await settled(s, placed.id, 'AWAITING_PAYMENT');
    const paid = (await ok(api, s.auth, PAY, { o: placed.id, k: key() })).payOrder;
    expect(paid.state).toBe('SUCCEEDED');
    await settled(s, placed.id, 'PAID');
    expect((await sql(`select state from stock_reservation where order_id = $1`, [placed.id]))[0].state).toBe('sold');
    const receipt = (await chat(s, placed.conversationId)).find((m) => m.kind === 'PAYMENT');
    expect(receipt?.content).toMatchObject({ status: 'succeeded', amount: { amount: (await order(s, placed.id)).total.amount } });
    // The refusal names where the merchant can move it instead.
    const skipped = await refusal(api, owner.auth, MOVE, { o: placed.id, to: 'COMPLETED' });
    expect(skipped.extensions).toEqual({ code: 'INVALID_TRANSITION', from: 'paid', to: 'completed', allowed: ['PROCESSING'] });
    expect(skipped.message).toBe('Order cannot go from paid to completed; it can go to PROCESSING');
    await ok(api, owner.auth, MOVE, { o: placed.id, to: 'PROCESSING', note: 'brewing' });
    await ok(api, owner.auth, MOVE, { o: placed.id, to: 'SHIPPED' });
    expect((await ok(api, owner.auth, MOVE, { o: placed.id, to: 'COMPLETED' })).transitionOrder.status).toBe('COMPLETED');
    const history = (await order(owner, placed.id)).transitions.map((t: { from: string; to: string }) => `${t.from}>${t.to}`);
    expect(history).toEqual([
      'PENDING>AWAITING_PAYMENT',
      'AWAITING_PAYMENT>PAID',
      'PAID>PROCESSING',
      'PROCESSING>SHIPPED',
      'SHIPPED>COMPLETED',
    ]);
    expect((await chat(s, placed.conversationId)).filter((m) => m.kind === 'ORDER_STATUS').map((m) => m.content.status)).toEqual([
      'paid',
      'processing',
      'shipped',
      'completed',
    ]);
  });

  it('outside opening hours the business answers a shopper once a day, in its language', async () => {
    const m = await merchant(env, api);
    await ok(
      api,
      m.owner.auth,
      `mutation($b: ID!) { updateBusiness(businessId: $b, input: { openingHours: { monday: [] } }) { id } }`,
      { b: m.businessId },
    );
    await ok(api, m.owner.auth, SETTINGS, { b: m.businessId, lang: 'ms' });
    const s = await shopper(env, api);
    const c = (
      await ok(api, s.auth, `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`, { b: m.businessId })
    ).startBusinessConversation.id as string;
    const say = (body: string) =>
      ok(
        api,
        s.auth,
        `mutation($c: ID!, $id: String!, $b: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $b } }) { seq } }`,
        {
          c,
          id: key(),
          b: body,
        },
      );
    await say('Ada durian?');
    await eventually(
      async () => (await chat(s, c)).some((x) => x.kind === 'TEXT' && String(x.content.body).startsWith('Terima kasih')),
      'the reply',
    );
    await say('Hello?');
    await new Promise((r) => setTimeout(r, 1_000));
    const replies = (await chat(s, c)).filter((x) => x.kind === 'TEXT' && String(x.content.body).includes('tutup'));
    expect(replies).toHaveLength(1);
  });

  it('a payment for an order reference that is not one of its orders leaves checkout alone (its job completes)', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, '4242424242424242');
    const intent = await createIntent(api, s, shop, '1500');
    const paid = (await ok(api, s.auth, PAY_INTENT, { id: intent.id, k: key() })).confirmPaymentIntent;
    expect(paid.state).toBe('SUCCEEDED');
    const queue = (await startWorker()).get(QueueRegistry).get('payments');
    await eventually(async () => (await queue.getCompleted()).some((j) => j.data.intentId === intent.id), 'the event handled');
    expect((await queue.getFailed()).filter((j) => j.data.intentId === intent.id)).toEqual([]);
  });

  it('merchants list, filter and export orders; other people see none of it', async () => {
    const all = (await ok(api, owner.auth, ORDERS, { b: shop })).orders;
    expect(all.length).toBeGreaterThanOrEqual(5);
    const canceled = (await ok(api, owner.auth, ORDERS, { b: shop, s: 'CANCELED' })).orders;
    expect(canceled.every((o: { status: string }) => o.status === 'CANCELED')).toBe(true);
    const csv = (await ok(api, owner.auth, EXPORT, { b: shop })).exportOrders as string;
    expect(csv.split('\n')[0]).toBe(
      'reference,created_at,status,customer_id,sku,name,quantity,unit_price_minor,order_total_minor,currency',
    );
    expect(csv).toContain('KOPI');
    const stranger = await signIn(env, api);
    expect((await refusal(api, stranger.auth, ORDERS, { b: shop })).extensions.code).toBe('FORBIDDEN');
    expect((await refusal(api, stranger.auth, ORDER, { o: all[0].id })).extensions.code).toBe('FORBIDDEN');
  });
});
