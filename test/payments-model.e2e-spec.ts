import type { INestApplication } from '@nestjs/common';
import fc from 'fast-check';
import { PspSimulator } from '@kedai/payments';
import type { SignedIn } from './support/auth';
import { TestEnv } from './support/test-env';
import { addCard, call, CARDS, createIntent, merchant, PAY, shopper, type Intent } from './payments-helpers';

/**
 * Model-based test: random sequences of legal and illegal moves over payment intents, refunds and
 * disputes, against the real API and the simulator. After every command the real system must
 * agree with the model, and the money invariants must hold in PostgreSQL.
 */
interface Model {
  intents: { id: string; state: string; amount: bigint; captured: bigint; refunded: bigint; disputed: bigint }[];
}
interface Real {
  api: INestApplication;
  env: TestEnv;
  s: SignedIn;
  shop: { owner: SignedIn; businessId: string };
  sim: PspSimulator;
}

const STATES = (i: Intent) => i.state.toLowerCase();

async function invariants(env: TestEnv): Promise<void> {
  const db = await env.sql();
  const unbalanced = await db.query(
    'select transaction_id from ledger_entry group by transaction_id having sum(amount_minor) <> 0',
  );
  expect(unbalanced.rows).toEqual([]);
  const wallets = await db.query(`select code from ledger_account where kind = 'wallet' and balance_minor < 0`);
  expect(wallets.rows).toEqual([]);
  const amounts = await db.query(
    `select id from payment_intent where amount_captured > amount_authorized or amount_refunded + amount_disputed > amount_captured or amount_authorized > amount_minor`,
  );
  expect(amounts.rows).toEqual([]);
  const projection = await db.query(
    `select a.code from ledger_account a left join ledger_entry e on e.account_id = a.id where a.non_negative group by a.id having a.balance_minor <> coalesce(sum(e.amount_minor), 0)`,
  );
  expect(projection.rows).toEqual([]);
}

class Create implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly amount: number,
    readonly manual: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.intents.length < 6;
  async run(m: Model, r: Real) {
    const i = await createIntent(
      r.api,
      r.s,
      r.shop.businessId,
      String(this.amount),
      this.manual ? { captureMethod: 'MANUAL' } : {},
    );
    m.intents.push({
      id: i.id,
      state: 'requires_confirmation',
      amount: BigInt(this.amount),
      captured: 0n,
      refunded: 0n,
      disputed: 0n,
    });
    await invariants(r.env);
  }
  toString = () => `create(${this.amount}${this.manual ? ', manual' : ''})`;
}

class Confirm implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.intents.length > 0;
  async run(m: Model, r: Real) {
    const i = m.intents[this.pick % m.intents.length];
    const res = await call(r.api, r.s, PAY.confirm, { id: i.id });
    if (i.state === 'requires_confirmation' || i.state === 'requires_payment_method') {
      const got = res.data.confirmPaymentIntent as Intent;
      expect(['succeeded', 'requires_capture']).toContain(STATES(got));
      i.state = STATES(got);
      if (i.state === 'succeeded') i.captured = i.amount;
    } else {
      expect(res.code).toBe('INVALID_TRANSITION');
    }
    await invariants(r.env);
  }
  toString = () => `confirm(${this.pick})`;
}

class Capture implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly part: number,
  ) {}
  check = (m: Readonly<Model>) => m.intents.length > 0;
  async run(m: Model, r: Real) {
    const i = m.intents[this.pick % m.intents.length];
    const amount = (i.amount * BigInt(this.part)) / 100n || 1n;
    const res = await call(r.api, r.shop.owner, PAY.capture, { id: i.id, a: String(amount) });
    if (i.state === 'requires_capture') {
      expect(res.error).toBeUndefined();
      i.state = 'succeeded';
      i.captured = amount;
    } else {
      expect(res.code).toBe('INVALID_TRANSITION');
    }
    await invariants(r.env);
  }
  toString = () => `capture(${this.pick}, ${this.part}%)`;
}

class Refund implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly amount: number,
  ) {}
  check = (m: Readonly<Model>) => m.intents.length > 0;
  async run(m: Model, r: Real) {
    const i = m.intents[this.pick % m.intents.length];
    const res = await call(r.api, r.shop.owner, PAY.refund, { id: i.id, a: String(this.amount) });
    const left = i.captured - i.refunded - i.disputed;
    if (i.state !== 'succeeded') expect(res.code).toBe('INVALID_TRANSITION');
    else if (BigInt(this.amount) > left) expect(res.code).toBe('AMOUNT_TOO_LARGE');
    else {
      expect(res.error).toBeUndefined();
      i.refunded += BigInt(this.amount);
    }
    await invariants(r.env);
  }
  toString = () => `refund(${this.pick}, ${this.amount})`;
}

class Cancel implements fc.AsyncCommand<Model, Real> {
  constructor(readonly pick: number) {}
  check = (m: Readonly<Model>) => m.intents.length > 0;
  async run(m: Model, r: Real) {
    const i = m.intents[this.pick % m.intents.length];
    const res = await call(r.api, r.s, PAY.cancel, { id: i.id });
    if (['requires_confirmation', 'requires_capture', 'requires_payment_method'].includes(i.state)) {
      expect(res.error).toBeUndefined();
      i.state = 'canceled';
    } else {
      expect(res.code).toBe('INVALID_TRANSITION');
    }
    await invariants(r.env);
  }
  toString = () => `cancel(${this.pick})`;
}

class Dispute implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly pick: number,
    readonly outcome: 'won' | 'lost',
  ) {}
  check = (m: Readonly<Model>) => m.intents.some((i) => i.state === 'succeeded');
  async run(m: Model, r: Real) {
    const paid = m.intents.filter((i) => i.state === 'succeeded');
    const i = paid[this.pick % paid.length];
    const db = await r.env.sql();
    const { rows } = await db.query('select psp_charge_id from payment_intent where id = $1', [i.id]);
    const before = i.captured - i.refunded - i.disputed;
    const disputeId = await r.sim.openDispute(rows[0].psp_charge_id);
    if (before > 0n) i.disputed += before;
    await r.sim.closeDispute(disputeId, this.outcome);
    if (this.outcome === 'won' && before > 0n) i.disputed -= before;
    const res = await call(r.api, r.s, PAY.intent, { id: i.id });
    const got = res.data.paymentIntent as Intent;
    expect([got.amountDisputed.amount, got.amountRefunded.amount]).toEqual([String(i.disputed), String(i.refunded)]);
    await invariants(r.env);
  }
  toString = () => `dispute(${this.pick}, ${this.outcome})`;
}

describe('payments, model-based', () => {
  let env: TestEnv;
  let api: INestApplication;
  let sim: PspSimulator;

  beforeAll(async () => {
    env = await TestEnv.create();
    // No simulator webhooks for charges: the commands themselves say when money moved.
    api = await env.api({ env: { PSP_SIM_WEBHOOKS: 'false' } });
    await api.listen(0, '127.0.0.1');
    sim = api.get(PspSimulator);
    sim.setWebhookUrl(`${await api.getUrl()}/payments/webhooks/psp`.replace('[::1]', '127.0.0.1'));
  });
  afterAll(() => env.close());

  it('only legal moves; captured ≤ authorised; refunds ≤ captured; every transaction balances; wallets ≥ 0', async () => {
    const shop = await merchant(env, api);
    const commands = [
      fc.tuple(fc.integer({ min: 100, max: 50_000 }), fc.boolean()).map(([a, m]) => new Create(a, m)),
      fc.nat(10).map((p) => new Confirm(p)),
      fc.tuple(fc.nat(10), fc.integer({ min: 1, max: 100 })).map(([p, part]) => new Capture(p, part)),
      fc.tuple(fc.nat(10), fc.integer({ min: 1, max: 30_000 })).map(([p, a]) => new Refund(p, a)),
      fc.nat(10).map((p) => new Cancel(p)),
      fc.tuple(fc.nat(10), fc.constantFrom('won' as const, 'lost' as const)).map(([p, o]) => new Dispute(p, o)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 12 }), async (cmds) => {
        const s = await shopper(env, api);
        await addCard(api, s, CARDS.ok);
        await fc.asyncModelRun(() => ({ model: { intents: [] }, real: { api, env, s, shop, sim } }), cmds);
      }),
      { numRuns: 8, endOnFailure: true },
    );
    const recon = await call(api, shop.owner, PAY.recon, { b: shop.businessId });
    expect(recon.data.paymentsReconciliation.balanced).toBe(true);
  });
});
