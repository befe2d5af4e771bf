import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { allocate, money, numbered, OutboxMessage, OutboxService, ROUTING_FIELD, routingSql, Sql, wantedSql } from '@kedai/core';
import { PaymentIntent } from './entities/payment-intent.entity';
import { assertMove, type IntentState } from './intent-state-machine';
import { intentEvent } from './intent-view';
import { LedgerService, type Posting } from './ledger/ledger.service';
import { PaymentMetrics } from './payment-metrics';
import { intentAuthorized, intentFailed, intentSucceeded } from './payments.jobs';
import type { ChargeOutcome } from './psp/psp.port';

/** `<intent id>:<attempt>`, our reference for one charge attempt at the PSP. */
export const chargeReference = (i: { id: string; attempt: number }): string => `${i.id}:${i.attempt}`;

/**
 * intentSucceeded's outbox payload with its subscribers' routing (see routingSql) over the event's
 * facts `e`. Asked at each write, not at load: subscribers register when their modules load.
 */
function succeededPayload(): string {
  const routing = routingSql(intentSucceeded);
  return routing ? `jsonb_set(?::jsonb, '{${ROUTING_FIELD}}', ${routing})` : '?::jsonb';
}

/**
 * Applies what the PSP said about a charge to its intent, whoever brings the news: the confirm
 * call's own answer, a webhook, or the reconciliation job. Each locks the intent and applies the
 * outcome only if it is still news (same attempt, a state that expects it), so the three can race
 * and the money moves once.
 */
@Injectable()
export class SettlementService {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly metrics: PaymentMetrics,
  ) {}

  async apply(intentId: string, outcome: ChargeOutcome): Promise<PaymentIntent | null> {
    return this.em.fork().transactional((tx) => this.applyIn(tx, intentId, outcome));
  }

  async applyIn(tx: EntityManager, intentId: string, outcome: ChargeOutcome): Promise<PaymentIntent | null> {
    const intent = await tx.findOne(PaymentIntent, { id: intentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!intent || outcome.reference !== chargeReference(intent)) return intent;
    const from = intent.state;
    const expects: IntentState[] = ['processing', 'requires_action'];
    if (!expects.includes(from)) return intent; // already applied (or canceled meanwhile)
    switch (outcome.status) {
      case 'succeeded':
        this.move(intent, 'succeeded');
        intent.pspChargeId = outcome.chargeId;
        intent.amountAuthorized = intent.amountMinor;
        intent.amountCaptured = intent.amountMinor;
        await this.postCharge(tx, intent, intent.amountMinor, 'psp');
        this.outbox.enqueue(tx, intentSucceeded, { ...intentEvent(intent), captured: intent.amountCaptured.toString() });
        break;
      case 'requires_capture':
        this.move(intent, 'requires_capture');
        intent.pspChargeId = outcome.chargeId;
        intent.amountAuthorized = intent.amountMinor;
        this.outbox.enqueue(tx, intentAuthorized, intentEvent(intent));
        break;
      case 'requires_action':
        if (from === 'requires_action') return intent;
        this.move(intent, 'requires_action');
        intent.pspChargeId = outcome.chargeId;
        intent.nextAction = { type: 'three_ds_challenge', challengeId: outcome.challengeId ?? outcome.chargeId };
        break;
      case 'failed':
        this.fail(tx, intent, outcome.failureCode ?? 'failed', outcome.failureMessage ?? 'The payment failed');
        break;
      default:
        return intent; // processing or canceled at the PSP: nothing to settle yet
    }
    await tx.flush();
    return intent;
  }

  /** Back to requires_payment_method with the reason, so the payer may retry; publishes intent-failed. */
  fail(tx: EntityManager, intent: PaymentIntent, code: string, message: string): void {
    this.move(intent, 'requires_payment_method');
    intent.failureCode = code;
    intent.failureMessage = message;
    intent.pspChargeId = null;
    this.outbox.enqueue(tx, intentFailed, { ...intentEvent(intent), failureCode: code, failureMessage: message });
  }

  move(intent: PaymentIntent, to: IntentState): void {
    // requires_action → succeeded passes through processing, so both moves are checked.
    if (intent.state === 'requires_action' && to !== 'processing' && to !== 'requires_payment_method' && to !== 'canceled') {
      assertMove('requires_action', 'processing');
      intent.state = 'processing';
    }
    assertMove(intent.state, to);
    intent.state = to;
    intent.updatedAt = new Date();
    if (to !== 'processing') intent.processingSince = null;
    if (to !== 'requires_action') intent.nextAction = null;
    if (to === 'succeeded' || to === 'requires_capture') {
      intent.failureCode = null;
      intent.failureMessage = null;
    }
  }

  async postCharge(tx: EntityManager, intent: PaymentIntent, captured: bigint, from: 'wallet' | 'psp'): Promise<void> {
    await this.ledger.post(tx, chargePosting(intent, captured, from));
  }

  /**
   * A PSP's `succeeded` for the charge the caller itself started, applied in ONE statement: the
   * guarded move of the intent from processing (this attempt) to succeeded (its row lock and
   * re-checked WHERE decide a race with a webhook or the reconciliation job as `applyIn`'s lock
   * does), and, only if that moved it, the ledger posting, the intent-succeeded outbox row and
   * `answer('i')` (a statement of the caller's guarded by the CTE `i`: its idempotency answer). Atomic by itself, so no
   * transaction around it. Null when the intent was not moved (someone else applied an outcome
   * first): the caller reads what happened instead, and drops `intent`, which this has changed.
   */
  async succeedCharged(
    intent: PaymentIntent,
    outcome: ChargeOutcome,
    answer: (guard: string, settled: PaymentIntent) => { sql: string; params: unknown[] } | null,
  ): Promise<PaymentIntent | null> {
    if (outcome.status !== 'succeeded' || outcome.reference !== chargeReference(intent)) return null;
    assertMove('processing', 'succeeded');
    const posting = await this.ledger.postingCtes(chargePosting(intent, intent.amountMinor, 'psp'), 'i');
    // The intent as the statement will leave it, for the answer it records (discarded if it does not move it).
    intent.state = 'succeeded';
    intent.pspChargeId = outcome.chargeId;
    intent.amountAuthorized = intent.amountMinor;
    intent.amountCaptured = intent.amountMinor;
    intent.processingSince = null;
    intent.nextAction = null;
    intent.failureCode = null;
    intent.failureMessage = null;
    const also = answer('i', intent);
    const message = new OutboxMessage(intentSucceeded.queue, intentSucceeded.name, {
      ...intentEvent(intent),
      captured: intent.amountMinor.toString(),
    });
    // On Sql: the payment path's one write, its parts written with `?` and numbered for pg. Prepared:
    // its text is one of a few (per posting's shape), and planning a statement of this size costs
    // the server more than running it.
    const rows = await this.sql.prepared<{ updated_at: Date }>(
      numbered(`with i as (
         update payment_intent set state = 'succeeded', psp_charge_id = ?, amount_authorized = amount_minor,
             amount_captured = amount_minor, processing_since = null, next_action = null, failure_code = null,
             failure_message = null, updated_at = now()
           where id = ? and attempt = ? and state = 'processing'
           returning updated_at)
       ${posting.sql}
       , o as (insert into outbox (id, queue, name, payload, trace_context)
           select ?, ?, ?, ${succeededPayload()}, ? from i cross join lateral (select ?::text as purpose_kind) e
            where ${wantedSql(intentSucceeded)})
       ${also ? `, k as (${also.sql})` : ''}
       select updated_at from i`),
      [
        outcome.chargeId,
        intent.id,
        intent.attempt,
        ...posting.params,
        message.id,
        message.queue,
        message.name,
        JSON.stringify(message.payload),
        message.traceContext,
        intent.purposeKind,
        ...(also?.params ?? []),
      ],
    );
    if (rows.length === 0) return null;
    // One statement, no flush: the flush-watching metrics would never see this success.
    this.metrics.committed('succeeded');
    intent.updatedAt = new Date(rows[0].updated_at);
    return intent;
  }
}

/**
 * The ledger side of collected money: the payer's source gives, the merchant and the platform's
 * fee receive. `from` says which side of our books the payer's money comes from: their Kedai
 * wallet, or the PSP (a card or external wallet; every charge outcome is one, since a wallet
 * payment never goes to the PSP), so no read of the funding source is needed.
 */
export function chargePosting(intent: PaymentIntent, captured: bigint, from: 'wallet' | 'psp'): Posting {
  const payer =
    from === 'wallet'
      ? { kind: 'wallet' as const, ownerId: intent.payerId }
      : { kind: 'shopper_funding' as const, ownerId: null };
  if (intent.payeePersonId) {
    // A transfer between people: one balanced transaction from the sender's funding to the payee's wallet, no fee.
    return {
      kind: 'transfer',
      currency: intent.currency,
      intentId: intent.id,
      lines: [
        { account: payer, amount: -captured },
        { account: { kind: 'wallet', ownerId: intent.payeePersonId }, amount: captured },
      ],
    };
  }
  const [fee, net] = allocate(money(captured, intent.currency), [intent.feeBps, 10_000 - intent.feeBps]);
  return {
    kind: 'charge',
    currency: intent.currency,
    intentId: intent.id,
    lines: [
      { account: payer, amount: -captured },
      { account: { kind: 'merchant_receivable', ownerId: intent.businessId }, amount: net.amount },
      { account: { kind: 'platform_fee' }, amount: fee.amount },
    ],
  };
}
