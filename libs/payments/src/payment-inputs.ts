import { InvalidInputError, money } from '@kedai/core';
import { PaymentIntent, type CaptureMethod, type PurposeKind } from './entities/payment-intent.entity';
import { CurrencyMismatchError, NotEligibleError } from './errors';
import { keyedId } from './idempotency.service';

export interface CreateIntentInput {
  amountMinor: bigint;
  currency: string;
  purpose: { kind: PurposeKind; referenceId: string };
  /** The payee business; null for a person-to-person transfer, which names `payeePersonId` instead. */
  businessId: string | null;
  /** For purpose kind 'transfer' only: the person whose Kedai wallet receives the money (no fee). */
  payeePersonId?: string | null;
  captureMethod?: CaptureMethod;
  fundingSourceId?: string;
  idempotencyKey?: string;
}

export interface ConfirmIntentInput {
  fundingSourceId?: string;
  pin?: string;
  idempotencyKey?: string;
}

/**
 * The id `createAndConfirm` gives the intent of this person's one-call payment with this key
 * (its scope is `actorScope`'s for a person), for a caller that names the payment before it pays.
 */
export function oneCallIntentId(payerId: string, key: string): string {
  return keyedId(`person:${payerId}:intent.create`, key);
}

export function newIntent(
  payerId: string,
  input: CreateIntentInput,
  fundingSourceId: string | null,
  feeBps: number,
  id?: string,
): PaymentIntent {
  return new PaymentIntent({
    id,
    payerId,
    businessId: input.businessId,
    payeePersonId: input.payeePersonId ?? null,
    purposeKind: input.purpose.kind,
    referenceId: input.purpose.referenceId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    captureMethod: input.captureMethod ?? 'automatic',
    fundingSourceId,
    feeBps,
  });
}

/** A new intent's own checks: a real currency, a positive amount, a business or a person paid, never oneself. */
export function checkNew(payerId: string, input: CreateIntentInput): void {
  try {
    money(input.amountMinor, input.currency);
  } catch {
    throw new InvalidInputError([{ field: 'currency', messages: ['Use an ISO-4217 currency code'] }]);
  }
  if (input.amountMinor <= 0n || input.amountMinor > 10n ** 12n)
    throw new InvalidInputError([{ field: 'amount', messages: ['The amount must be a positive number of minor units'] }]);
  const transfer = input.purpose.kind === 'transfer';
  if (transfer !== !!input.payeePersonId || transfer === !!input.businessId)
    throw new InvalidInputError([{ field: 'businessId', messages: ['A payment goes to a business, a transfer to a person'] }]);
  if (input.payeePersonId === payerId) throw new NotEligibleError('SELF_PAYMENT');
}

/** What a source of this kind and currency may pay: a Kedai wallet only its own currency, and only at once. */
export function checkKind(kind: string, sourceCurrency: string | null, currency: string, capture: CaptureMethod): void {
  if (kind === 'kedai_wallet' && sourceCurrency !== currency) throw new CurrencyMismatchError();
  if (kind === 'kedai_wallet' && capture === 'manual')
    throw new InvalidInputError([{ field: 'captureMethod', messages: ['A Kedai wallet pays at once; use automatic capture'] }]);
}
