import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import fc from 'fast-check';
import { signIn, type SignedIn } from './support/auth';
import { uploadPhoto } from './support/catalog';
import { eventually, TestEnv } from './support/test-env';
import { addCard, call, CARDS, merchant, must, PAY, shopper } from './payments-helpers';

const Q = {
  product: `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`,
  add: `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { orderable } }`,
  sendOrder: `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id } }`,
  order: `query($o: ID!) { order(orderId: $o) { id status hold } }`,
  payOrder: `mutation($o: ID!, $k: String!, $s: ID, $p: String) { payOrder(orderId: $o, idempotencyKey: $k, fundingSourceId: $s, pin: $p) { id state failureCode amountCaptured { amount } } }`,
  direct: `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`,
  send: `mutation($c: ID!, $a: String!, $k: String!, $s: ID, $p: String) {
    sendMoney(conversationId: $c, amount: $a, currency: "MYR", idempotencyKey: $k, fundingSourceId: $s, pin: $p) { id status intentId failureCode } }`,
  transfer: `query($id: ID!) { transfer(id: $id) { id status } }`,
  topUp: `mutation($s: ID!, $a: String!, $k: String, $p: String) { topUpKedaiWallet(input: { fundingSourceId: $s, amount: $a, currency: "MYR", idempotencyKey: $k, pin: $p }) { amount } }`,
  enableWallet: `mutation { enableKedaiWallet(currency: "MYR") { id } }`,
  wallet: `{ kedaiWalletBalance(currency: "MYR") { amount } }`,
  setPin: `mutation($p: String!) { setPaymentPin(pin: $p) { set } }`,
};

type Answer = Awaited<ReturnType<typeof call>>;

/** What a caller sees of an answer: its error code, or its data. Duplicates must all see the same. */
const seen = (r: Answer, pick: (data: Record<string, unknown>) => unknown) => (r.code ? { error: r.code } : pick(r.data));

/**
 * Issue 13, items 2 and 3: idempotent money calls under parallel duplicates and retries. The API
 * runs with a PSP latency so duplicates really overlap the first call; the worker runs the order
 * bot and the payment events.
 */
describe('payments idempotency: duplicates wait for the first outcome, only decided outcomes replay', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let shop: { owner: SignedIn; businessId: string };
  let variant: string;
  let n = 0;
  const key = (what: string) => `${what}-${process.pid}-${(n += 1)}`;
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  beforeAll(async () => {
    env = await TestEnv.create();
    const options = {
      env: {
        PSP_SIM_LATENCY_MS: '150',
        PSP_SIM_WEBHOOKS: 'false',
        RATE_LIMIT_PER_IP: '1000000',
        RATE_LIMIT_PER_ACCOUNT: '1000000',
      },
    };
    api = await env.api(options);
    worker = await env.worker(options);
    shop = await merchant(env, api);
    const photo = await uploadPhoto(api, shop.owner.auth, shop.businessId);
    const created = await must(api, shop.owner, Q.product, {
      b: shop.businessId,
      input: { retailerId: 'BEANS', name: 'Beans', price: '1200', currency: 'MYR', stock: 100000, photos: [photo] },
    });
    variant = created.createProduct.variants[0].id as string;
  }, 60_000);
  afterAll(async () => {
    void worker;
    await env.close();
  });

  /** An order of the shopper's, waiting for payment (the order bot has sent the payment request). */
  async function awaitingOrder(s: SignedIn): Promise<string> {
    await must(api, s, Q.add, { v: variant, q: 1 });
    const id = (await must(api, s, Q.sendOrder, { b: shop.businessId, k: key('order') })).sendOrder.id as string;
    await eventually(async () => {
      const o = (await must(api, s, Q.order, { o: id })).order;
      return o.status === 'AWAITING_PAYMENT' && !o.hold;
    }, `order ${id} to await payment`);
    return id;
  }

  /** The ledger's word on a transfer: how many transfer postings its payment has. */
  async function postings(intentId: string | null, kind: string): Promise<number> {
    if (!intentId) return 0;
    const [row] = await sql('select count(*)::int as n from ledger_transaction where intent_id = $1 and kind = $2', [
      intentId,
      kind,
    ]);
    return row.n as number;
  }

  it('sendMoney: parallel duplicates answer the first outcome, and the transfer status always matches the ledger', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 10 }),
        fc.constantFrom<keyof typeof CARDS>('ok', 'ok', 'declined'),
        fc.integer({ min: 100, max: 5000 }),
        async (copies, card, amount) => {
          const a = await shopper(env, api);
          const b = await shopper(env, api);
          const source = await addCard(api, a, CARDS[card]);
          const chat = (await must(api, a, Q.direct, { p: b.personId })).startDirectConversation.id as string;
          const k = key('send');
          const vars = { c: chat, a: String(amount), k, s: source };
          const answers = await Promise.all(Array.from({ length: copies }, () => call(api, a, Q.send, vars)));
          const views = answers.map((r) => seen(r, (d) => d.sendMoney));
          // Every duplicate answers exactly what the first did: one transfer, one status.
          for (const v of views) expect(v).toEqual(views[0]);
          expect(answers[0].code).toBeUndefined();
          const sent = answers[0].data.sendMoney as { id: string; status: string; intentId: string | null };
          expect(sent.status).toBe(card === 'ok' ? 'COMPLETED' : 'FAILED');
          const [row] = await sql('select status, intent_id from transfer where id = $1', [sent.id]);
          const posted = await postings(row.intent_id as string, 'transfer');
          expect([row.status, posted]).toEqual(card === 'ok' ? ['completed', 1] : ['failed', 0]);
          const [count] = await sql('select count(*)::int as n from transfer where sender_id = $1', [a.personId]);
          expect(count.n).toBe(1);
          // And a retry later answers the same.
          expect(seen(await call(api, a, Q.send, vars), (d) => d.sendMoney)).toEqual(views[0]);
        },
      ),
      { numRuns: 6 },
    );
  }, 180_000);

  it('payOrder: parallel duplicates make one capture and answer one payment; a replay after success returns it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 8 }), async (copies) => {
        const s = await shopper(env, api);
        await addCard(api, s, CARDS.ok);
        const orderId = await awaitingOrder(s);
        const k = key('pay');
        const answers = await Promise.all(Array.from({ length: copies }, () => call(api, s, Q.payOrder, { o: orderId, k })));
        const views = answers.map((r) => seen(r, (d) => d.payOrder));
        for (const v of views) expect(v).toEqual(views[0]);
        const paid = answers[0].data.payOrder as { id: string; state: string };
        expect(paid.state).toBe('SUCCEEDED');
        const [charges] = await sql(
          `select count(*)::int as n from ledger_transaction t join payment_intent i on i.id = t.intent_id
            where i.reference_id = $1 and t.kind = 'charge'`,
          [orderId],
        );
        expect(charges.n).toBe(1);
        await eventually(
          async () => (await must(api, s, Q.order, { o: orderId })).order.status === 'PAID',
          'the order to be paid',
        );
        // After success, the same call answers the same payment (not ORDER_NOT_PAYABLE)…
        const replay = await call(api, s, Q.payOrder, { o: orderId, k });
        expect(replay.code).toBeUndefined();
        expect(replay.data.payOrder.id).toBe(paid.id);
        // …and another key is told the order is not waiting for payment.
        expect((await call(api, s, Q.payOrder, { o: orderId, k: key('pay') })).code).toBe('ORDER_NOT_PAYABLE');
      }),
      { numRuns: 4 },
    );
  }, 180_000);

  it('topUp: parallel duplicates charge once and credit once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 10 }), fc.integer({ min: 100, max: 9000 }), async (copies, amount) => {
        const s = await shopper(env, api);
        const card = await addCard(api, s, CARDS.ok);
        await must(api, s, Q.enableWallet);
        const vars = { s: card, a: String(amount), k: key('topup') };
        const answers = await Promise.all(Array.from({ length: copies }, () => call(api, s, Q.topUp, vars)));
        for (const r of answers) expect(seen(r, (d) => d.topUpKedaiWallet)).toEqual({ amount: String(amount) });
        expect((await must(api, s, Q.wallet)).kedaiWalletBalance.amount).toBe(String(amount));
        const [row] = await sql(
          `select count(*)::int as n from ledger_transaction t join ledger_entry e on e.transaction_id = t.id
             join ledger_account a on a.id = e.account_id where t.kind = 'wallet_top_up' and a.code like $1`,
          [`%${s.personId}%`],
        );
        expect(row.n).toBe(1);
      }),
      { numRuns: 4 },
    );
  }, 120_000);

  it('a refusal the payer can fix is not replayed: missing date of birth, then PIN, then the same key pays', async () => {
    const s = await signIn(env, api); // no date of birth yet
    await addCard(api, s, CARDS.ok);
    const orderId = await awaitingOrder(s);
    const k = key('fix');
    const first = await call(api, s, Q.payOrder, { o: orderId, k });
    expect([first.code, first.error?.extensions.reason]).toEqual(['NOT_ELIGIBLE', 'DATE_OF_BIRTH_MISSING']);
    await must(api, s, PAY.profile, { d: '1990-05-17' });
    await must(api, s, Q.setPin, { p: '2468' });
    expect((await call(api, s, Q.payOrder, { o: orderId, k })).code).toBe('PIN_REQUIRED');
    const paid = await call(api, s, Q.payOrder, { o: orderId, k, p: '2468' });
    expect(paid.code).toBeUndefined();
    expect(paid.data.payOrder.state).toBe('SUCCEEDED');
    // Once it succeeded it is the answer, with or without the PIN.
    expect((await call(api, s, Q.payOrder, { o: orderId, k })).data.payOrder.id).toBe(paid.data.payOrder.id);
  });

  it('sendMoney and topUp: a fixed retry with the same key runs fresh', async () => {
    const a = await signIn(env, api);
    const b = await shopper(env, api);
    const card = await addCard(api, a, CARDS.ok);
    const chat = (await must(api, a, Q.direct, { p: b.personId })).startDirectConversation.id as string;
    const vars = { c: chat, a: '700', k: key('send-fix'), s: card };
    expect((await call(api, a, Q.send, vars)).code).toBe('NOT_ELIGIBLE');
    await must(api, a, PAY.profile, { d: '1990-05-17' });
    expect((await call(api, a, Q.send, vars)).data.sendMoney.status).toBe('COMPLETED');

    await must(api, a, Q.setPin, { p: '1357' });
    await must(api, a, Q.enableWallet);
    const top = { s: card, a: '900', k: key('topup-fix') };
    expect((await call(api, a, Q.topUp, top)).code).toBe('PIN_REQUIRED');
    expect((await call(api, a, Q.topUp, { ...top, p: '1111' })).code).toBe('PIN_INVALID');
    expect((await call(api, a, Q.topUp, { ...top, p: '1357' })).data.topUpKedaiWallet.amount).toBe('900');
  });

  it('a decline is a decided outcome: replayed with the same key, paid with a new key and another card', async () => {
    const s = await shopper(env, api);
    const bad = await addCard(api, s, CARDS.declined);
    const orderId = await awaitingOrder(s);
    const k = key('decline');
    const first = await call(api, s, Q.payOrder, { o: orderId, k, s: bad });
    expect([first.data.payOrder.state, first.data.payOrder.failureCode]).toEqual(['REQUIRES_PAYMENT_METHOD', 'card_declined']);
    const good = await addCard(api, s, CARDS.ok);
    // The same key and parameters: the stored decline, not a new charge.
    expect((await call(api, s, Q.payOrder, { o: orderId, k, s: bad })).data.payOrder).toEqual(first.data.payOrder);
    expect((await call(api, s, Q.payOrder, { o: orderId, k, s: good })).code).toBe('IDEMPOTENCY_MISMATCH');
    const paid = await call(api, s, Q.payOrder, { o: orderId, k: key('decline'), s: good });
    expect(paid.data.payOrder.state).toBe('SUCCEEDED');
    // A top-up declined is replayed as the same refusal.
    await must(api, s, Q.enableWallet);
    const top = { s: bad, a: '500', k: key('topup-decline') };
    expect((await call(api, s, Q.topUp, top)).code).toBe('PAYMENT_DECLINED');
    expect((await call(api, s, Q.topUp, top)).code).toBe('PAYMENT_DECLINED');
    const [row] = await sql(`select count(*)::int as n from idempotency_record where key = $1 and status = 'done'`, [top.k]);
    expect(row.n).toBe(1);
  });
});
