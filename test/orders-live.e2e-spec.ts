import type { INestApplication } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { ok, refusal } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { collect, listen, socketClient } from './support/sockets';
import { addCard, merchant, shopper } from './payments-helpers';
import { eventually, TestEnv } from './support/test-env';

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { variants { id } } }`;
const ADD = `mutation($v: ID!) { addToCart(variantId: $v, quantity: 2) { orderable } }`;
const SEND = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { status total { amount }
  payment { id state amountCaptured { amount } amountRefunded { amount } } } }`;
const ORDERS = `query($b: ID!) { orders(businessId: $b) { id payment { id } } }`;
const PAY = `mutation($o: ID!, $k: String!) { payOrder(orderId: $o, idempotencyKey: $k) { id state } }`;
const REFUND = `mutation($id: ID!, $a: String, $k: String) { refundPayment(id: $id, amount: $a, idempotencyKey: $k) { amountRefunded { amount } } }`;
const CHANGES = `subscription($b: ID!) { orderChanged(businessId: $b) { orderId businessId status } }`;

type Change = { orderId: string; businessId: string; status: string };

/**
 * The merchant's live orders board and refunds from it: orderChanged tells a business's people of
 * every order change as it commits (from the API and from the worker's order bot and payment
 * events), and an order names the payment that paid it, which refundPayment gives back in part or
 * whole, the order following as partially refunded, then refunded.
 */
describe('orders: live changes for the board, and refunds of an order’s payment', () => {
  let env: TestEnv;
  let api: INestApplication;
  let url: string;
  let owner: SignedIn;
  let shop: string;
  let variant: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    url = await listen(api);
    ({ owner, businessId: shop } = await merchant(env, api));
    const photo = await uploadPhoto(api, owner.auth, shop);
    variant = (
      await ok(api, owner.auth, CREATE_PRODUCT, {
        b: shop,
        input: { retailerId: 'KOPI', name: 'Kopi', price: '1250', currency: 'MYR', stock: 20, photos: [photo] },
      })
    ).createProduct.variants[0].id;
    await env.worker();
  });
  afterAll(() => env.close());

  it('the board hears an order from sending to paid to refunded, and the order names its payment', async () => {
    const socket = socketClient(url, owner.auth.authorization);
    const connected = new Promise((resolve) => socket.on('connected', resolve));
    const board = collect<Change>(socket, CHANGES, { b: shop }, (d) => d.orderChanged as Change);
    try {
      // Connected before the shopper starts (who then takes far longer than the server's subscribe).
      await connected;
      const s = await shopper(env, api);
      await addCard(api, s, '4242424242424242');
      await ok(api, s.auth, ADD, { v: variant });
      const orderId = (await ok(api, s.auth, SEND, { b: shop, k: `live-${process.pid}` })).sendOrder.id as string;
      const seen = (status: string) =>
        eventually(async () => board.items.find((c) => c.orderId === orderId && c.status === status), `orderChanged ${status}`);
      await seen('PENDING');
      await seen('AWAITING_PAYMENT');
      // Nothing paid it yet.
      expect((await ok(api, owner.auth, ORDER, { o: orderId })).order.payment).toBeNull();

      const paid = (await ok(api, s.auth, PAY, { o: orderId, k: `pay-${process.pid}` })).payOrder;
      await seen('PAID');
      const viewed = (await ok(api, owner.auth, ORDER, { o: orderId })).order;
      expect(viewed.payment).toMatchObject({ id: paid.id, state: 'SUCCEEDED', amountCaptured: { amount: '2500' } });
      // The shopper sees the same payment on their order; the list names it too (one batched read).
      expect((await ok(api, s.auth, ORDER, { o: orderId })).order.payment.id).toBe(paid.id);
      const listed = (await ok(api, owner.auth, ORDERS, { b: shop })).orders as { id: string; payment: { id: string } | null }[];
      expect(listed.find((o) => o.id === orderId)?.payment?.id).toBe(paid.id);

      // Part, then the rest: the order follows, and the board hears each.
      await ok(api, owner.auth, REFUND, { id: paid.id, a: '1000', k: `r1-${process.pid}` });
      await seen('PARTIALLY_REFUNDED');
      const tooMuch = await refusal(api, owner.auth, REFUND, { id: paid.id, a: '1501' });
      expect(tooMuch.extensions.code).toBe('AMOUNT_TOO_LARGE');
      await ok(api, owner.auth, REFUND, { id: paid.id });
      await seen('REFUNDED');
      const after = (await ok(api, s.auth, ORDER, { o: orderId })).order;
      expect(after).toMatchObject({ status: 'REFUNDED', payment: { amountRefunded: { amount: '2500' } } });
      expect(board.items.every((c) => c.businessId === shop)).toBe(true);
      expect(board.errors).toEqual([]);
    } finally {
      board.stop();
      await socket.dispose();
    }
  });

  it('only the business’s people with orders:read may listen', async () => {
    const stranger = await signIn(env, api);
    const socket = socketClient(url, stranger.auth.authorization);
    const listening = collect<Change>(socket, CHANGES, { b: shop }, (d) => d.orderChanged as Change);
    await listening.done;
    await socket.dispose();
    expect(JSON.stringify(listening.errors)).toContain('FORBIDDEN');
    expect(listening.items).toEqual([]);
  });
});
