import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import request from 'supertest';
import { RequestContext } from '@kedai/core';
import { PaymentsService, PspSimulator, signPayload, SIGNATURE_HEADER } from '@kedai/payments';
import { lastCodeFor, signIn, type SignedIn } from './support/auth';
import { eventually, TestEnv } from './support/test-env';
import { addCard, call, CARDS, createIntent, merchant, must, PAY, shopper, type Intent } from './payments-helpers';

const SECRET = 'dev-only-psp-webhook-secret-0123456789abcdef';

describe('payments', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let sim: PspSimulator;
  let shop: { owner: SignedIn; businessId: string };

  beforeAll(async () => {
    env = await TestEnv.create();
    const options = { env: { PAYMENTS_RECONCILE_AFTER_S: '1', PAYMENTS_RECONCILE_EVERY_MS: '1000', PSP_TIMEOUT_MS: '300' } };
    api = await env.api(options);
    await api.listen(0, '127.0.0.1');
    sim = api.get(PspSimulator);
    sim.setWebhookUrl(`${await api.getUrl()}/payments/webhooks/psp`.replace('[::1]', '127.0.0.1'));
    worker = await env.worker(options);
    shop = await merchant(env, api);
  });
  afterAll(() => env.close());

  const ledgerBalanced = async () => {
    const db = await env.sql();
    const { rows } = await db.query(
      'select transaction_id, sum(amount_minor)::text as s from ledger_entry group by transaction_id having sum(amount_minor) <> 0',
    );
    return rows;
  };

  it('adds cards masked, checks Luhn, brand and expiry without echoing the number, and keeps one default', async () => {
    const s = await shopper(env, api);
    const id = await addCard(api, s, CARDS.ok);
    const mc = await must(api, s, PAY.addCard, { i: { number: '5555 5555 5555 4444', expMonth: 1, expYear: 33, cvc: '999' } });
    expect(mc.addCard).toMatchObject({ brand: 'mastercard', last4: '4444', expYear: 2033, isDefault: false });
    for (const [card, field] of [
      [{ number: '4242424242424241', expMonth: 12, expYear: 2034, cvc: '123' }, 'number'],
      [{ number: '6011111111111117', expMonth: 12, expYear: 2034, cvc: '123' }, 'brand'],
      [{ number: CARDS.ok, expMonth: 1, expYear: 2020, cvc: '123' }, 'expiry'],
      [{ number: CARDS.ok, expMonth: 12, expYear: 2034, cvc: '12' }, 'cvc'],
    ] as const) {
      const r = await call(api, s, PAY.addCard, { i: card });
      expect({ code: r.code, field: r.error?.extensions.field }).toEqual({ code: 'CARD_INVALID', field });
      expect(JSON.stringify(r.error)).not.toContain(card.number);
    }
    const list = (await must(api, s, PAY.sources)).myFundingSources as { id: string; isDefault: boolean }[];
    expect(list.filter((x) => x.isDefault).map((x) => x.id)).toEqual([id]);
    await must(api, s, `mutation($id: ID!) { setDefaultFundingSource(id: $id) { id } }`, { id: mc.addCard.id });
    await must(api, s, `mutation($id: ID!) { removeFundingSource(id: $id) { id } }`, { id });
    const after = (await must(api, s, PAY.sources)).myFundingSources as { id: string; isDefault: boolean }[];
    expect(after.map((x) => [x.id, x.isDefault])).toEqual([[mc.addCard.id, true]]);
    const stranger = await shopper(env, api);
    expect(
      (await call(api, stranger, `mutation($id: ID!) { removeFundingSource(id: $id) { id } }`, { id: mc.addCard.id })).code,
    ).toBe('NOT_FOUND');
  });

  it('refuses the ineligible with NOT_ELIGIBLE and a reason', async () => {
    const noDob = await signIn(env, api);
    const input = { businessId: shop.businessId, amount: '100', currency: 'MYR', purpose: { kind: 'ORDER', referenceId: 'x-1' } };
    let r = await call(api, noDob, PAY.create, { i: input });
    expect([r.code, r.error?.extensions.reason]).toEqual(['NOT_ELIGIBLE', 'DATE_OF_BIRTH_MISSING']);
    const young = await signIn(env, api);
    const dob = new Date(Date.now() - 17 * 365.25 * 86_400_000).toISOString().slice(0, 10);
    await must(api, young, PAY.profile, { d: dob });
    r = await call(api, young, PAY.create, { i: input });
    expect(r.error?.extensions.reason).toBe('UNDER_18');
    expect((await must(api, young, '{ paymentEligibility { eligible reason } }')).paymentEligibility).toEqual({
      eligible: false,
      reason: 'UNDER_18',
    });
    const other = await signIn(env, api);
    const handle = `nopay.${process.pid % 10000}`;
    const biz = await must(api, other, PAY.createBusiness, { i: { handle, name: 'No payout', currency: 'MYR', country: 'MY' } });
    const adult = await shopper(env, api);
    r = await call(api, adult, PAY.create, { i: { ...input, businessId: biz.createBusiness.id } });
    expect(r.error?.extensions.reason).toBe('NO_PAYOUT_ACCOUNT');
  });

  it('pays with the default card: succeeded, ledger balanced, merchant credited less the fee, event published', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const intent = await createIntent(api, s, shop.businessId, '10000');
    expect(intent.state).toBe('REQUIRES_CONFIRMATION');
    const paid = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
    expect([paid.state, paid.amountCaptured.amount]).toEqual(['SUCCEEDED', '10000']);
    const bal = (await must(api, shop.owner, PAY.balance, { b: shop.businessId })).merchantBalance;
    expect(BigInt(bal.available.amount)).toBeGreaterThanOrEqual(9750n);
    expect(await ledgerBalanced()).toEqual([]);
    const db = await env.sql();
    await eventually(async () => {
      const { rows } = await db.query(
        `select 1 from outbox where name = 'payments.intent-succeeded' and payload->>'intentId' = $1 and sent_at is not null`,
        [intent.id],
      );
      return rows.length === 1;
    }, 'the intent-succeeded job relayed');
    // Paid once: a second intent for the same order cannot be created.
    const again = await call(api, s, PAY.confirm, { id: intent.id });
    expect(again.code).toBe('INVALID_TRANSITION');
    const recon = (await must(api, shop.owner, PAY.recon, { b: shop.businessId })).paymentsReconciliation;
    expect(recon.balanced).toBe(true);
  });

  it('a declined card goes back to requires_payment_method with the reason; another card then pays', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.declined);
    const intent = await createIntent(api, s, shop.businessId, '500');
    const failed = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
    expect([failed.state, failed.failureCode]).toEqual(['REQUIRES_PAYMENT_METHOD', 'card_declined']);
    const poor = await addCard(api, s, CARDS.insufficient, false);
    const again = (await must(api, s, PAY.confirm, { id: intent.id, i: { fundingSourceId: poor } }))
      .confirmPaymentIntent as Intent;
    expect(again.failureCode).toBe('insufficient_funds');
    const good = await addCard(api, s, CARDS.ok, false);
    const ok = (await must(api, s, PAY.confirm, { id: intent.id, i: { fundingSourceId: good } })).confirmPaymentIntent as Intent;
    expect([ok.state, ok.failureCode]).toEqual(['SUCCEEDED', null]);
  });

  it('3-D Secure: requires_action with a challenge, then succeeds; a failed challenge lets the payer retry', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.threeDS);
    const intent = await createIntent(api, s, shop.businessId, '700');
    const action = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
    expect([action.state, action.nextAction?.type]).toEqual(['REQUIRES_ACTION', 'three_ds_challenge']);
    const failed = (await must(api, s, PAY.threeDS, { id: intent.id, p: false })).completeThreeDSChallenge as Intent;
    expect([failed.state, failed.failureCode]).toEqual(['REQUIRES_PAYMENT_METHOD', 'authentication_failed']);
    await must(api, s, PAY.confirm, { id: intent.id });
    const done = (await must(api, s, PAY.threeDS, { id: intent.id, p: true })).completeThreeDSChallenge as Intent;
    expect(done.state).toBe('SUCCEEDED');
  });

  it('authorise then capture part; refunds up to the captured amount, by the merchant only', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const intent = await createIntent(api, s, shop.businessId, '1000', { captureMethod: 'MANUAL' });
    const auth = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
    expect(auth.state).toBe('REQUIRES_CAPTURE');
    expect((await call(api, shop.owner, PAY.capture, { id: intent.id, a: '1001' })).code).toBe('AMOUNT_TOO_LARGE');
    expect((await call(api, s, PAY.capture, { id: intent.id })).code).toBe('NOT_FOUND');
    const captured = (await must(api, shop.owner, PAY.capture, { id: intent.id, a: '800' })).capturePaymentIntent as Intent;
    expect([captured.state, captured.amountCaptured.amount]).toEqual(['SUCCEEDED', '800']);
    expect((await call(api, s, PAY.refund, { id: intent.id, a: '100' })).code).toBe('NOT_FOUND');
    await must(api, shop.owner, PAY.refund, { id: intent.id, a: '300', k: 'refund-1' });
    const replay = (await must(api, shop.owner, PAY.refund, { id: intent.id, a: '300', k: 'refund-1' })).refundPayment as Intent;
    expect(replay.amountRefunded.amount).toBe('300');
    expect((await call(api, shop.owner, PAY.refund, { id: intent.id, a: '200', k: 'refund-1' })).code).toBe(
      'IDEMPOTENCY_MISMATCH',
    );
    expect((await call(api, shop.owner, PAY.refund, { id: intent.id, a: '501' })).code).toBe('AMOUNT_TOO_LARGE');
    const rest = (await must(api, shop.owner, PAY.refund, { id: intent.id })).refundPayment as Intent;
    expect(rest.amountRefunded.amount).toBe('800');
    expect(await ledgerBalanced()).toEqual([]);
  });

  it('cancel: the payer cancels before paying; a paid intent cannot be canceled', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const a = await createIntent(api, s, shop.businessId, '100');
    expect(((await must(api, s, PAY.cancel, { id: a.id })).cancelPaymentIntent as Intent).state).toBe('CANCELED');
    expect((await call(api, s, PAY.confirm, { id: a.id })).code).toBe('INVALID_TRANSITION');
    const b = await createIntent(api, s, shop.businessId, '100');
    await must(api, s, PAY.confirm, { id: b.id });
    expect((await call(api, s, PAY.cancel, { id: b.id })).code).toBe('INVALID_TRANSITION');
  });

  it('idempotency: 10 concurrent confirms with one key make one charge and all answer it; a replay too', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const intent = await createIntent(api, s, shop.businessId, '2500');
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(api, s, PAY.confirm, { id: intent.id, i: { idempotencyKey: 'pay-once' } })),
    );
    // Duplicates wait for the first call's outcome instead of answering REQUEST_IN_PROGRESS.
    expect(results.map((r) => r.code ?? r.data.confirmPaymentIntent.state)).toEqual(Array(10).fill('SUCCEEDED'));
    const replay = await call(api, s, PAY.confirm, { id: intent.id, i: { idempotencyKey: 'pay-once' } });
    expect(replay.data.confirmPaymentIntent.state).toBe('SUCCEEDED');
    const db = await env.sql();
    const { rows } = await db.query(
      `select count(*)::int as n from ledger_transaction where intent_id = $1 and kind = 'charge'`,
      [intent.id],
    );
    expect(rows[0].n).toBe(1);
    const other = await call(api, s, PAY.confirm, {
      id: intent.id,
      i: { idempotencyKey: 'pay-once', fundingSourceId: intent.id },
    });
    expect(other.code).toBe('IDEMPOTENCY_MISMATCH');
  });

  it('PIN: required once set; 50 parallel wrong PINs evaluate at most 5 and lock; reset with a sign-in code', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    await must(api, s, `mutation { setPaymentPin(pin: "2580") { set } }`);
    const intent = await createIntent(api, s, shop.businessId, '300');
    expect((await call(api, s, PAY.confirm, { id: intent.id })).code).toBe('PIN_REQUIRED');
    const guesses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(api, s, PAY.confirm, { id: intent.id, i: { pin: String(1000 + i) } })),
    );
    const codes = guesses.map((g) => g.code);
    expect(codes.filter((c) => c === 'PIN_INVALID').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c !== 'PIN_INVALID').every((c) => c === 'PIN_LOCKED')).toBe(true);
    // The lock is a row in PostgreSQL: the right PIN is refused too, and would be after a restart.
    expect((await call(api, s, PAY.confirm, { id: intent.id, i: { pin: '2580' } })).code).toBe('PIN_LOCKED');
    const db = await env.sql();
    const { rows } = await db.query(
      "select failed_attempts, locked_until > now() + interval '29 minutes' as locked from payment_pin where person_id = $1",
      [s.personId],
    );
    expect(rows[0]).toEqual({ failed_attempts: 5, locked: true });
    await must(api, s, `mutation { requestPaymentPinReset { expiresAt } }`);
    const code = await lastCodeFor(env, s.phone);
    expect(
      (await call(api, s, `mutation($c: String!) { resetPaymentPin(code: $c, newPin: "1357") { set lockedUntil } }`, { c: code }))
        .error,
    ).toBeUndefined();
    const paid = (await must(api, s, PAY.confirm, { id: intent.id, i: { pin: '1357' } })).confirmPaymentIntent as Intent;
    expect(paid.state).toBe('SUCCEEDED');
  });

  it('webhooks: a bad signature or stale timestamp is refused; a replayed event applies once', async () => {
    const server = api.getHttpServer();
    const body = JSON.stringify({ id: 'evt_test_1', type: 'something.else', created: 1, data: {} });
    const now = Math.floor(Date.now() / 1000);
    const post = (b: string, sig: string) =>
      request(server).post('/payments/webhooks/psp').set('content-type', 'application/json').set(SIGNATURE_HEADER, sig).send(b);
    expect((await post(body, signPayload('x'.repeat(40), body, now))).status).toBe(400);
    expect((await post(body, signPayload(SECRET, body, now - 3600))).status).toBe(400);
    const first = await post(body, signPayload(SECRET, body, now));
    expect([first.status, first.body.duplicate]).toEqual([200, false]);
    const second = await post(body, signPayload(SECRET, body, now));
    expect([second.status, second.body.duplicate]).toEqual([200, true]);
  });

  it('webhooks: a charge event for an intent already settled is recorded once (a replay is a duplicate) and moves nothing', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const intent = await createIntent(api, s, shop.businessId, '1500');
    const paid = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
    expect(paid.state).toBe('SUCCEEDED');
    const db = await env.sql();
    const postings = async () =>
      (await db.query('select count(*)::int as n from ledger_transaction where intent_id = $1', [intent.id])).rows[0].n as number;
    expect(await postings()).toBe(1);
    const [{ psp_charge_id: chargeId }] = (await db.query('select psp_charge_id from payment_intent where id = $1', [intent.id]))
      .rows;
    const event = {
      id: `evt_settled_${intent.id}`,
      type: 'charge.updated',
      created: 1,
      data: { charge: { chargeId, reference: `${intent.id}:1`, status: 'succeeded', amountMinor: '1500', currency: 'MYR' } },
    };
    const body = JSON.stringify(event);
    const post = () =>
      request(api.getHttpServer())
        .post('/payments/webhooks/psp')
        .set('content-type', 'application/json')
        .set(SIGNATURE_HEADER, signPayload(SECRET, body, Math.floor(Date.now() / 1000)))
        .send(body);
    const first = await post();
    expect([first.status, first.body.duplicate]).toEqual([200, false]);
    const second = await post();
    expect([second.status, second.body.duplicate]).toEqual([200, true]);
    expect(await postings()).toBe(1);
    const { rows } = await db.query('select count(*)::int as n from psp_webhook_event where event_id = $1', [event.id]);
    expect(rows[0].n).toBe(1);
  });

  it('a disputed card: the dispute holds funds; replaying its webhook changes nothing; lost then settles', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.disputed);
    const intent = await createIntent(api, s, shop.businessId, '4000');
    await must(api, s, PAY.confirm, { id: intent.id });
    const disputed = await eventually(async () => {
      const i = (await must(api, s, PAY.intent, { id: intent.id })).paymentIntent as Intent;
      return i.amountDisputed.amount === '4000' ? i : null;
    }, 'the dispute webhook');
    expect(disputed.state).toBe('SUCCEEDED');
    const db = await env.sql();
    const { rows } = await db.query('select psp_dispute_id from payment_dispute where intent_id = $1', [intent.id]);
    expect((await call(api, shop.owner, PAY.refund, { id: intent.id, a: '1' })).code).toBe('AMOUNT_TOO_LARGE');
    await sim.closeDispute(rows[0].psp_dispute_id, 'won');
    await eventually(
      async () => ((await must(api, s, PAY.intent, { id: intent.id })).paymentIntent as Intent).amountDisputed.amount === '0',
      'won',
    );
    expect((await must(api, shop.owner, PAY.recon, { b: shop.businessId })).paymentsReconciliation.balanced).toBe(true);
    expect(await ledgerBalanced()).toEqual([]);
  });

  it('"charged but the answer was lost": the intent waits in processing and the reconciliation job settles it', async () => {
    const s = await shopper(env, api);
    await addCard(api, s, CARDS.ok);
    const intent = await createIntent(api, s, shop.businessId, '900');
    sim.faults.loseAnswers = 1;
    const webhooks = (sim as unknown as { config: { simulator: { webhooks: boolean } } }).config.simulator;
    webhooks.webhooks = false; // only reconciliation may settle it
    try {
      const r = (await must(api, s, PAY.confirm, { id: intent.id })).confirmPaymentIntent as Intent;
      expect(r.state).toBe('PROCESSING');
      await eventually(
        async () => ((await must(api, s, PAY.intent, { id: intent.id })).paymentIntent as Intent).state === 'SUCCEEDED',
        'reconciliation',
        15_000,
      );
    } finally {
      webhooks.webhooks = true;
    }
    const db = await env.sql();
    const { rows } = await db.query(`select count(*)::int as n from ledger_transaction where intent_id = $1`, [intent.id]);
    expect(rows[0].n).toBe(1);
    void worker;
    void PaymentsService;
    void RequestContext;
  });

  it('the ledger is append-only and every transaction balances', async () => {
    const db = await env.sql();
    await expect(db.query('update ledger_entry set amount_minor = amount_minor + 1')).rejects.toThrow(/append-only/);
    await expect(db.query('delete from ledger_transaction')).rejects.toThrow(/append-only/);
    await expect(
      db.query(`with t as (insert into ledger_transaction (id, kind, currency) values (gen_random_uuid(), 'charge', 'MYR') returning id)
        insert into ledger_entry (id, transaction_id, account_id, amount_minor) select gen_random_uuid(), t.id, (select id from ledger_account limit 1), 5 from t`),
    ).rejects.toThrow(/does not balance/);
    expect(await ledgerBalanced()).toEqual([]);
  });
});
