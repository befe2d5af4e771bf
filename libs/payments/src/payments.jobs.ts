import { defineEvent, defineJob } from '@kedai/core';
import type { PurposeKind } from './entities/payment-intent.entity';

/** What every payment event carries: enough for checkout to find its order without asking payments. */
export interface IntentEvent {
  intentId: string;
  purpose: { kind: PurposeKind; referenceId: string };
  businessId: string | null;
  payerId: string;
  /** Minor units, as a string. */
  amount: string;
  currency: string;
}

/**
 * Money collected: checkout marks the order paid, turns the reservation into a sale, posts the
 * receipt. An event (any number of subscribers, none for most transfers and top-ups), offering
 * the intent's `purpose_kind` to subscribers' `when`: a payment no subscriber wants writes no
 * outbox row (wantedSql), where it cost a relayed job that did nothing.
 */
export const intentSucceeded = defineEvent<IntentEvent & { captured: string }>('payments.intent-succeeded', {
  subscriberQueue: 'payments',
  facts: ['purpose_kind'],
  subscribers: ['checkout'],
});
/**
 * intentSucceeded's jobs from before it was an event (the same name on the payments queue), still
 * in Redis while a new version takes over: handled as the event, so none is dropped.
 */
export const intentSucceededJob = defineJob<IntentEvent & { captured: string }>('payments', 'payments.intent-succeeded');
/** Authorised, waiting for the merchant's capture. */
export const intentAuthorized = defineJob<IntentEvent>('payments', 'payments.intent-authorized');
/** A charge failed; the intent is back at requires_payment_method, so the payer may retry. */
export const intentFailed = defineJob<IntentEvent & { failureCode: string; failureMessage: string }>(
  'payments',
  'payments.intent-failed',
);
export const intentCanceled = defineJob<IntentEvent>('payments', 'payments.intent-canceled');
export const paymentRefunded = defineJob<IntentEvent & { refundId: string; refunded: string; totalRefunded: string }>(
  'payments',
  'payments.refunded',
);
export const disputeOpened = defineJob<IntentEvent & { disputeId: string; disputed: string }>(
  'payments',
  'payments.dispute-opened',
);
export const disputeClosed = defineJob<IntentEvent & { disputeId: string; outcome: 'won' | 'lost' }>(
  'payments',
  'payments.dispute-closed',
);

/** Settles intents stuck in processing by asking the PSP; scheduled by the worker. */
export const reconcilePayments = defineJob<Record<string, never>>('payments', 'payments.reconcile');
