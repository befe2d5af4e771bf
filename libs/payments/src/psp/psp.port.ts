import type { CardBrand } from '../entities/funding-source.entity';

/** What goes to the PSP to tokenize a card. Held only for the duration of the call; never stored, logged or queued. */
export interface CardDetails {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CardToken {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export type ChargeStatus = 'succeeded' | 'requires_capture' | 'requires_action' | 'failed' | 'processing' | 'canceled';

/** A charge as the PSP sees it. `reference` is ours (`<intent id>:<attempt>`). */
export interface ChargeOutcome {
  chargeId: string;
  reference: string;
  status: ChargeStatus;
  amountMinor: bigint;
  currency: string;
  failureCode?: string;
  failureMessage?: string;
  /** For requires_action: the 3-D Secure challenge to complete. */
  challengeId?: string;
}

export interface ChargeRequest {
  /** `<intent id>:<attempt>`: also the PSP idempotency key, so a retried call never charges twice. */
  reference: string;
  sourceToken: string;
  amountMinor: bigint;
  currency: string;
  capture: boolean;
}

/** A PSP event, as its webhooks deliver it (after signature verification). */
export type PspEvent =
  | { id: string; type: 'charge.updated'; created: number; data: { charge: WireCharge } }
  | {
      id: string;
      type: 'dispute.created';
      created: number;
      data: { disputeId: string; chargeId: string; amountMinor: string; currency: string; reason: string };
    }
  | {
      id: string;
      type: 'dispute.closed';
      created: number;
      data: { disputeId: string; chargeId: string; status: 'won' | 'lost' };
    };

/** A charge on the wire: amounts as strings of minor units. */
export interface WireCharge {
  chargeId: string;
  reference: string;
  status: ChargeStatus;
  amountMinor: string;
  currency: string;
  failureCode?: string;
  failureMessage?: string;
  challengeId?: string;
}

export const toWire = (c: ChargeOutcome): WireCharge => ({ ...c, amountMinor: c.amountMinor.toString() });
export const fromWire = (c: WireCharge): ChargeOutcome => ({ ...c, amountMinor: BigInt(c.amountMinor) });

/**
 * The port to a payment service provider. One adapter today, the in-repo simulator. Every method
 * may throw PspTimeout (no answer: the outcome is unknown and must be asked for later).
 */
export abstract class PaymentProvider {
  abstract tokenizeCard(card: CardDetails): Promise<CardToken>;
  abstract linkWallet(email: string): Promise<{ token: string; label: string }>;
  abstract createPayoutAccount(input: { holderName: string; accountNumber: string }): Promise<{ ref: string }>;
  abstract charge(request: ChargeRequest): Promise<ChargeOutcome>;
  abstract completeChallenge(chargeId: string, passed: boolean): Promise<ChargeOutcome>;
  abstract capture(chargeId: string, amountMinor: bigint): Promise<ChargeOutcome>;
  abstract cancel(chargeId: string): Promise<ChargeOutcome>;
  abstract refund(chargeId: string, amountMinor: bigint, idempotencyKey: string): Promise<{ refundId: string }>;
  /** Sends money out to a card or linked wallet (a wallet withdrawal); idempotent on `reference`. */
  abstract payout(request: { reference: string; destinationToken: string; amountMinor: bigint; currency: string }): Promise<{
    payoutId: string;
  }>;
  /** The charge made under our reference, or null if the PSP never received it. */
  abstract findCharge(reference: string): Promise<ChargeOutcome | null>;
}

/** The PSP did not answer in time, or the answer was lost: the charge may or may not exist. */
export class PspTimeout extends Error {
  constructor(what: string) {
    super(`PSP: no answer for ${what}`);
  }
}

/** The PSP refused the card itself at tokenization. `field` names what, never the value. */
export class PspCardRejected extends Error {
  constructor(readonly field: 'number' | 'brand' | 'expiry' | 'cvc') {
    super(`PSP refused the card (${field})`);
  }
}
