import { InvalidTransitionError } from '@kedai/core/errors/domain-error';

export const INTENT_STATES = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
] as const;
export type IntentState = (typeof INTENT_STATES)[number];

/**
 * Every move a payment intent may make, and nothing else. Confirming marks the intent
 * `processing` before the PSP is asked, so an answer that never comes leaves it where the
 * reconciliation job looks. A failed charge goes back to requires_payment_method, where the payer
 * may retry with another source (as Stripe does); succeeded and canceled are terminal.
 */
export const INTENT_TRANSITIONS: Readonly<Record<IntentState, readonly IntentState[]>> = {
  requires_payment_method: ['requires_confirmation', 'canceled'],
  requires_confirmation: ['processing', 'requires_payment_method', 'canceled'],
  processing: ['requires_action', 'requires_capture', 'succeeded', 'requires_payment_method'],
  requires_action: ['processing', 'requires_payment_method', 'canceled'],
  requires_capture: ['succeeded', 'canceled'],
  succeeded: [],
  canceled: [],
};

/** States a payer may cancel from (an authorisation is voided at the PSP). */
export const CANCELABLE: readonly IntentState[] = [
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'requires_capture',
];

export function canMove(from: IntentState, to: IntentState): boolean {
  return INTENT_TRANSITIONS[from].includes(to);
}

/** Refuses a move the table does not allow, with INVALID_TRANSITION. */
export function assertMove(from: IntentState, to: IntentState): void {
  if (!canMove(from, to)) throw new InvalidTransitionError('A payment', from, to);
}

export const isTerminal = (s: IntentState): boolean => INTENT_TRANSITIONS[s].length === 0;
