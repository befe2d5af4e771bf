import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { SignedIn } from './support/auth';
import { TestEnv } from './support/test-env';
import { addCard, call, CARDS, merchant, must, orderRef, PAY, shopper, type Intent } from './payments-helpers';

/**
 * createPaymentIntent with `confirm: true` pays in the same call (Stripe's confirm=true): one
 * request where the client needs nothing in between. The one idempotency key covers both steps:
 * replays, in turn or at once, get the same intent and one charge.
 */
describe('payments: create and confirm in one call', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let shop: { owner: SignedIn; businessId: string };
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  beforeAll(async () => {
    env = await TestEnv.create();
    const options = { env: { PSP_SIM_LATENCY_MS: '50', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } };
    api = await env.api(options);
    worker = await env.worker(options);
    shop = await merchant(env, api);
  }, 60_000);
  afterAll(async () => {
    void worker;
    await env.close();
  });

  const pay = (s: SignedIn, vars: Record<string, unknown>) =>
    call(api, s, PAY.create, {
      i: { businessId: shop.businessId, amount: '1250', currency: 'MYR', confirm: true, ...vars },
    });

  it('pays with the default card in one request; replays, in turn and at once, are the same payment', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const purpose = { kind: 'ORDER', referenceId: orderRef() };
    const answers = await Promise.all(Array.from({ length: 4 }, () => pay(s, { purpose, idempotencyKey: 'pay-once-1' })));
    const later = await pay(s, { purpose, idempotencyKey: 'pay-once-1' });
    const intents = [...answers, later].map((a) => a.data?.createPaymentIntent as Intent);
    expect(intents.every((i) => i?.state === 'SUCCEEDED')).toBe(true);
    expect(new Set(intents.map((i) => i.id)).size).toBe(1);
    const [counts] = await sql(
      `select (select count(*)::int from payment_intent where reference_id = $1) intents,
              (select count(*)::int from ledger_transaction t join payment_intent i on t.intent_id = i.id where i.reference_id = $1) postings`,
      [purpose.referenceId],
    );
    expect(counts.intents).toBe(1);
    expect(counts.postings).toBe(1);
  });

  it('without confirm, or declined, behaves as the two calls would', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.declined);
    const declined = await pay(s, { purpose: { kind: 'ORDER', referenceId: orderRef() } });
    expect((declined.data?.createPaymentIntent as Intent).state).toBe('REQUIRES_PAYMENT_METHOD');
    expect((declined.data?.createPaymentIntent as Intent).failureCode).toBeTruthy();
    const created = await must(api, s, PAY.create, {
      i: { businessId: shop.businessId, amount: '500', currency: 'MYR', purpose: { kind: 'ORDER', referenceId: orderRef() } },
    });
    expect(created.createPaymentIntent.state).toBe('REQUIRES_CONFIRMATION');
  });
});
