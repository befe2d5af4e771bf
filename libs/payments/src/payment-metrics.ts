import { ChangeSetType, type EventSubscriber, type FlushEventArgs, type TransactionEventArgs } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Metrics } from '@kedai/core';
import { PaymentIntent } from './entities/payment-intent.entity';
import type { IntentState } from './intent-state-machine';

/** The states that are an outcome worth counting, and their label. */
const OUTCOMES: Partial<Record<IntentState, string>> = {
  succeeded: 'succeeded',
  requires_capture: 'authorized',
  requires_action: 'requires_action',
  canceled: 'canceled',
};

/** The outcome a change of an intent's state stands for, or null (processing, a fresh intent). */
export function paymentOutcome(state: IntentState, failureCode: string | null | undefined): string | null {
  if (state === 'requires_payment_method') return failureCode ? 'failed' : null;
  return OUTCOMES[state] ?? null;
}

/**
 * Counts payment outcomes (`kedai_payments_total{outcome}`) when they commit, whichever path
 * moved the intent (confirm, webhook, reconciliation, capture, cancel): flushed state changes are
 * held per transaction and counted at its commit, dropped at its rollback, so a rolled-back
 * attempt never shows as a payment.
 */
@Injectable()
export class PaymentMetrics implements EventSubscriber, OnModuleInit {
  private readonly pending = new WeakMap<object, string[]>();

  constructor(
    private readonly orm: MikroORM,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  afterFlush({ em, uow }: FlushEventArgs): void {
    const outcomes: string[] = [];
    for (const cs of uow.getChangeSets()) {
      if (cs.type !== ChangeSetType.UPDATE || !(cs.entity instanceof PaymentIntent) || !('state' in cs.payload)) continue;
      const outcome = paymentOutcome(cs.entity.state, cs.entity.failureCode);
      if (outcome) outcomes.push(outcome);
    }
    if (outcomes.length === 0) return;
    const tx = em.isInTransaction() ? (em.getTransactionContext() as object | undefined) : undefined;
    if (!tx) return this.count(outcomes); // flushed in its own transaction, already committed
    this.pending.set(tx, [...(this.pending.get(tx) ?? []), ...outcomes]);
  }

  afterTransactionCommit({ transaction }: TransactionEventArgs): void {
    // A released savepoint is not a commit. Outcomes flushed inside a nested transaction are held
    // under the savepoint and so not counted; payments flushes intents in top-level transactions.
    if (!transaction || transaction.savepointName) return;
    const outcomes = this.pending.get(transaction);
    this.pending.delete(transaction);
    if (outcomes) this.count(outcomes);
  }

  afterTransactionRollback({ transaction }: TransactionEventArgs): void {
    if (transaction) this.pending.delete(transaction);
  }

  /** For a change written in plain SQL (no flush to see), once its statement has committed. */
  committed(outcome: string): void {
    this.count([outcome]);
  }

  private count(outcomes: string[]): void {
    for (const outcome of outcomes) this.metrics.payments.inc({ outcome });
  }
}
