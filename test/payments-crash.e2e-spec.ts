import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { SignedIn } from './support/auth';
import { ChildApp } from './support/child-app';
import { uploadPhoto } from './support/catalog';
import { eventually, TestEnv } from './support/test-env';
import { addCard, call, CARDS, merchant, must, shopper } from './payments-helpers';

const Q = {
  product: `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`,
  add: `mutation($v: ID!) { addToCart(variantId: $v, quantity: 1) { orderable } }`,
  sendOrder: `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id } }`,
  order: `query($o: ID!) { order(orderId: $o) { status hold } }`,
  payOrder: `mutation($o: ID!, $k: String!) { payOrder(orderId: $o, idempotencyKey: $k) { id state } }`,
  topUp: `mutation($s: ID!, $a: String!, $k: String) { topUpKedaiWallet(input: { fundingSourceId: $s, amount: $a, currency: "MYR", idempotencyKey: $k }) { amount } }`,
  enableWallet: `mutation { enableKedaiWallet(currency: "MYR") { id } }`,
  wallet: `{ kedaiWalletBalance(currency: "MYR") { amount } }`,
  direct: `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`,
  payNow: `mutation($i: CreatePaymentIntentInput!) { createPaymentIntent(input: $i) { id state } }`,
  send: `mutation($c: ID!, $a: String!, $k: String!) { sendMoney(conversationId: $c, amount: $a, currency: "MYR", idempotencyKey: $k) { id status } }`,
};

/**
 * Issue 13, item 3: an API process killed (SIGKILL) in the middle of a payment leaves its
 * idempotency key "in progress"; the retry with the same key, sent to another API process, must
 * complete within seconds (the key's 8 s lease lapses and the retry takes over), carry on from
 * what the dead process did, and move the money exactly once. Before the lease, the retry was
 * refused with REQUEST_IN_PROGRESS for 60 s.
 *
 * The doomed API is a real process with a slow PSP (2 s per call), so the kill lands while it
 * pays; the retry goes to an in-process API, as a load balancer would send it elsewhere.
 */
describe('payments after an API crash: the retry with the same key completes within seconds', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  const children: ChildApp[] = [];
  let n = 0;
  const key = (what: string) => `crash-${what}-${process.pid}-${(n += 1)}`;
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;
  const quiet = { PSP_SIM_WEBHOOKS: 'false', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: quiet });
    worker = await env.worker({ env: quiet });
  });
  afterAll(async () => {
    for (const c of children) await c.kill();
    void worker;
    await env.close();
  });

  /** Sends an operation to the doomed API and forgets it: its answer never comes. */
  function fireAt(child: ChildApp, who: SignedIn, query: string, variables: Record<string, unknown>): void {
    fetch(`${child.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...who.auth },
      body: JSON.stringify({ query, variables }),
    }).catch(() => undefined);
  }

  async function doomedApi(): Promise<ChildApp> {
    const child = await ChildApp.start('api', { ...quiet, PSP_SIM_LATENCY_MS: '2000' });
    children.push(child);
    return child;
  }

  /** Kills the process, then retries elsewhere; answers the retry and how long after the kill it came back. */
  async function killAndRetry(child: ChildApp, retry: () => ReturnType<typeof call>) {
    await child.kill();
    const killedAt = Date.now();
    const answer = await retry();
    const seconds = (Date.now() - killedAt) / 1000;
    return { answer, seconds };
  }

  const report = (figure: string, value: number) =>
    process.stdout.write(`${JSON.stringify({ scenario: 'payments-crash', figure, value, unit: 's' })}\n`);

  it('topUp: killed while charging the card; the retry credits the wallet once', async () => {
    const s = await shopper(env, api);
    const card = await addCard(api, s, CARDS.ok);
    await must(api, s, Q.enableWallet);
    const doomed = await doomedApi();
    const vars = { s: card, a: '2500', k: key('topup') };
    fireAt(doomed, s, Q.topUp, vars);
    await eventually(
      async () => (await sql(`select 1 from idempotency_record where key = $1 and status = 'in_progress'`, [vars.k])).length,
      'the top-up to be under way',
    );
    const { answer, seconds } = await killAndRetry(doomed, () => call(api, s, Q.topUp, vars));
    expect(answer.code).toBeUndefined();
    expect(answer.data.topUpKedaiWallet.amount).toBe('2500');
    expect((await must(api, s, Q.wallet)).kedaiWalletBalance.amount).toBe('2500');
    expect(
      (await sql(`select count(*)::int n from ledger_transaction where kind = 'wallet_top_up' and reference like 'ch_%'`))[0].n,
    ).toBe(1);
    // The lease (8 s) bounds the wait; the old fixed 60 s refused the retry outright.
    expect(seconds).toBeLessThan(30);
    report('topup_retry_after_kill', seconds);
  }, 180_000);

  it('payOrder: killed while the PSP has the charge; the retry pays the order once', async () => {
    const shop = await merchant(env, api);
    const photo = await uploadPhoto(api, shop.owner.auth, shop.businessId);
    const product = await must(api, shop.owner, Q.product, {
      b: shop.businessId,
      input: { retailerId: 'CRASH', name: 'Crash kopi', price: '900', currency: 'MYR', stock: 10, photos: [photo] },
    });
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    await must(api, s, Q.add, { v: product.createProduct.variants[0].id });
    const orderId = (await must(api, s, Q.sendOrder, { b: shop.businessId, k: key('order') })).sendOrder.id as string;
    await eventually(async () => {
      const o = (await must(api, s, Q.order, { o: orderId })).order;
      return o.status === 'AWAITING_PAYMENT' && !o.hold;
    }, 'the payment request');
    const doomed = await doomedApi();
    const vars = { o: orderId, k: key('pay') };
    fireAt(doomed, s, Q.payOrder, vars);
    // The intent is processing: the dead process had asked the PSP to charge.
    await eventually(
      async () => (await sql(`select 1 from payment_intent where reference_id = $1 and state = 'processing'`, [orderId])).length,
      'the payment to be with the PSP',
    );
    const { answer, seconds } = await killAndRetry(doomed, () => call(api, s, Q.payOrder, vars));
    expect(answer.code).toBeUndefined();
    expect(answer.data.payOrder.state).toBe('SUCCEEDED');
    const charges = await sql(
      `select count(*)::int n from ledger_transaction t join payment_intent i on i.id = t.intent_id where i.reference_id = $1 and t.kind = 'charge'`,
      [orderId],
    );
    expect(charges[0].n).toBe(1);
    await eventually(async () => (await must(api, s, Q.order, { o: orderId })).order.status === 'PAID', 'the order to be paid');
    // Replayed now, the same payment.
    expect((await call(api, s, Q.payOrder, vars)).data.payOrder).toEqual(answer.data.payOrder);
    expect(seconds).toBeLessThan(30);
    report('pay_order_retry_after_kill', seconds);
  }, 180_000);

  it('createPaymentIntent(confirm: true): killed while paying; the retry finds the first try’s intent and pays it once', async () => {
    const shop = await merchant(env, api);
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const reference = `crash-ref-${process.pid}-${(n += 1)}`;
    const vars = {
      i: {
        businessId: shop.businessId,
        amount: '1250',
        currency: 'MYR',
        purpose: { kind: 'ORDER', referenceId: reference },
        confirm: true,
        idempotencyKey: key('one-call'),
      },
    };
    const doomed = await doomedApi();
    fireAt(doomed, s, Q.payNow, vars);
    await eventually(
      async () =>
        (await sql(`select 1 from payment_intent where reference_id = $1 and state = 'processing'`, [reference])).length,
      'the payment to be with the PSP',
    );
    const { answer, seconds } = await killAndRetry(doomed, () => call(api, s, Q.payNow, vars));
    expect(answer.code).toBeUndefined();
    expect(answer.data.createPaymentIntent.state).toBe('SUCCEEDED');
    const [row] = await sql(
      `select count(distinct i.id)::int intents, count(t.id)::int charges
         from payment_intent i left join ledger_transaction t on t.intent_id = i.id and t.kind = 'charge' where i.reference_id = $1`,
      [reference],
    );
    expect(row).toEqual({ intents: 1, charges: 1 });
    expect((await call(api, s, Q.payNow, vars)).data.createPaymentIntent).toEqual(answer.data.createPaymentIntent);
    expect(seconds).toBeLessThan(30);
  }, 180_000);

  it('sendMoney: killed mid-transfer; the retry completes it, and its status matches the ledger', async () => {
    const a = await shopper(env, api);
    const b = await shopper(env, api);
    await addCard(api, a, CARDS.ok);
    const chat = (await must(api, a, Q.direct, { p: b.personId })).startDirectConversation.id as string;
    const doomed = await doomedApi();
    const vars = { c: chat, a: '1500', k: key('send') };
    fireAt(doomed, a, Q.send, vars);
    await eventually(
      async () =>
        (
          await sql(`select 1 from payment_intent where payer_id = $1 and purpose_kind = 'transfer' and state = 'processing'`, [
            a.personId,
          ])
        ).length,
      'the transfer to be paying',
    );
    const { answer, seconds } = await killAndRetry(doomed, () => call(api, a, Q.send, vars));
    expect(answer.code).toBeUndefined();
    expect(answer.data.sendMoney.status).toBe('COMPLETED');
    const [row] = await sql(
      `select t.status, (select count(*)::int from ledger_transaction l where l.intent_id = t.intent_id and l.kind = 'transfer') posted
         from transfer t where t.id = $1`,
      [answer.data.sendMoney.id],
    );
    expect(row).toEqual({ status: 'completed', posted: 1 });
    expect(seconds).toBeLessThan(30);
    report('send_money_retry_after_kill', seconds);
  }, 180_000);
});
