import type { PaymentIntent, NextAction, PurposeKind, CaptureMethod } from './entities/payment-intent.entity';
import type { IntentState } from './intent-state-machine';
import type { IntentEvent } from './payments.jobs';

/**
 * An intent as the API answers it: JSON-safe (amounts are strings of minor units), because the
 * first answer to an idempotent request is stored and replayed as it was.
 */
export interface IntentView {
  id: string;
  state: IntentState;
  amount: string;
  currency: string;
  amountAuthorized: string;
  amountCaptured: string;
  amountRefunded: string;
  amountDisputed: string;
  purpose: { kind: PurposeKind; referenceId: string };
  businessId: string | null;
  payerId: string;
  captureMethod: CaptureMethod;
  fundingSourceId: string | null;
  nextAction: NextAction | null;
  failureCode: string | null;
  failureMessage: string | null;
  createdAt: string;
}

export function intentView(i: PaymentIntent): IntentView {
  return {
    id: i.id,
    state: i.state,
    amount: i.amountMinor.toString(),
    currency: i.currency,
    amountAuthorized: i.amountAuthorized.toString(),
    amountCaptured: i.amountCaptured.toString(),
    amountRefunded: i.amountRefunded.toString(),
    amountDisputed: i.amountDisputed.toString(),
    purpose: { kind: i.purposeKind, referenceId: i.referenceId },
    businessId: i.businessId,
    payerId: i.payerId,
    captureMethod: i.captureMethod,
    fundingSourceId: i.fundingSourceId,
    nextAction: i.nextAction,
    failureCode: i.failureCode,
    failureMessage: i.failureMessage,
    createdAt: new Date(i.createdAt).toISOString(),
  };
}

export function intentEvent(i: PaymentIntent): IntentEvent {
  return {
    intentId: i.id,
    purpose: { kind: i.purposeKind, referenceId: i.referenceId },
    businessId: i.businessId,
    payerId: i.payerId,
    amount: i.amountMinor.toString(),
    currency: i.currency,
  };
}
