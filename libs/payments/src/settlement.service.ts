import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { allocate, money, OutboxService } from '@kedai/core';
import { PaymentIntent } from './entities/payment-intent.entity';
import { assertMove, type IntentState } from './intent-state-machine';
import { intentEvent } from './intent-view';
import { LedgerService } from './ledger/ledger.service';
import { intentAuthorized, intentFailed, intentSucceeded } from './payments.jobs';
import type { ChargeOutcome } from './psp/psp.port';

/** `<intent id>:<attempt>`, our reference for one charge attempt at the PSP. */
export const chargeReference = (i: { id: string; attempt: number }): string => `${i.id}:${i.attempt}`;

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
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
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

  /**
   * The ledger side of collected money: the payer's source gives, the merchant and the platform's
   * fee receive. `from` says which side of our books the payer's money comes from: their Kedai
   * wallet, or the PSP (a card or external wallet; every charge outcome is one, since a wallet
   * payment never goes to the PSP), so no read of the funding source is needed.
   */
  async postCharge(tx: EntityManager, intent: PaymentIntent, captured: bigint, from: 'wallet' | 'psp'): Promise<void> {
    const [fee, net] = allocate(money(captured, intent.currency), [intent.feeBps, 10_000 - intent.feeBps]);
    const payer =
      from === 'wallet'
        ? { kind: 'wallet' as const, ownerId: intent.payerId }
        : { kind: 'shopper_funding' as const, ownerId: null };
    if (intent.payeePersonId) {
      // A transfer between people: one balanced transaction from the sender's funding to the payee's wallet, no fee.
      await this.ledger.post(tx, {
        kind: 'transfer',
        currency: intent.currency,
        intentId: intent.id,
        lines: [
          { account: payer, amount: -captured },
          { account: { kind: 'wallet', ownerId: intent.payeePersonId }, amount: captured },
        ],
      });
      return;
    }
    await this.ledger.post(tx, {
      kind: 'charge',
      currency: intent.currency,
      intentId: intent.id,
      lines: [
        { account: payer, amount: -captured },
        { account: { kind: 'merchant_receivable', ownerId: intent.businessId }, amount: net.amount },
        { account: { kind: 'platform_fee' }, amount: fee.amount },
      ],
    });
  }
}
