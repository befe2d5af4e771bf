import { ConflictError, DomainError, NotFoundError } from '@kedai/core';

export type IneligibleReason =
  'PHONE_NOT_VERIFIED' | 'DATE_OF_BIRTH_MISSING' | 'UNDER_18' | 'COUNTRY_NOT_SUPPORTED' | 'NO_PAYOUT_ACCOUNT' | 'SELF_PAYMENT';

const REASONS: Record<IneligibleReason, string> = {
  PHONE_NOT_VERIFIED: 'Verify your phone number to pay',
  DATE_OF_BIRTH_MISSING: 'Add your date of birth to your profile to pay',
  UNDER_18: 'Payments are for people aged 18 or over',
  COUNTRY_NOT_SUPPORTED: 'Payments are not available in your country yet',
  NO_PAYOUT_ACCOUNT: 'This business cannot take payments yet',
  SELF_PAYMENT: 'You cannot pay yourself',
};

export class NotEligibleError extends DomainError {
  constructor(readonly reason: IneligibleReason) {
    super('NOT_ELIGIBLE', REASONS[reason], 403, { reason });
  }
}

/** A card the PSP or our own checks refused; says which field, never the number. */
export class CardInvalidError extends DomainError {
  constructor(field: 'number' | 'brand' | 'expiry' | 'cvc') {
    const messages = {
      number: 'That card number is not valid',
      brand: 'Only Visa and Mastercard cards are accepted',
      expiry: 'That card has expired or the expiry date is not valid',
      cvc: 'The security code must be 3 or 4 digits',
    };
    super('CARD_INVALID', messages[field], 400, { field });
  }
}

export class PaymentDeclinedError extends DomainError {
  constructor(code: string, message: string) {
    super('PAYMENT_DECLINED', message, 402, { declineCode: code });
  }
}

export class PinRequiredError extends DomainError {
  constructor() {
    super('PIN_REQUIRED', 'Enter your payment PIN', 400);
  }
}

export class PinInvalidError extends DomainError {
  constructor(attemptsLeft: number) {
    super('PIN_INVALID', `That PIN is not right (${attemptsLeft} tries left)`, 400, { attemptsLeft });
  }
}

export class PinLockedError extends DomainError {
  constructor(lockedUntil: Date) {
    super('PIN_LOCKED', 'Too many wrong PINs: payments are locked for a while', 423, { lockedUntil: lockedUntil.toISOString() });
  }
}

export class PinNotSetError extends DomainError {
  constructor() {
    super('PIN_NOT_SET', 'You have no payment PIN yet', 400);
  }
}

export class PinAlreadySetError extends ConflictError {
  constructor() {
    super('PIN_ALREADY_SET', 'You have a payment PIN already; change it instead');
  }
}

export class FundingSourceNotFoundError extends NotFoundError {
  constructor() {
    super('Funding source');
  }
}

export class FundingSourceRequiredError extends DomainError {
  constructor() {
    super('FUNDING_SOURCE_REQUIRED', 'Choose a card or wallet to pay with', 400);
  }
}

export class PaymentIntentNotFoundError extends NotFoundError {
  constructor() {
    super('Payment');
  }
}

export class InsufficientFundsError extends DomainError {
  constructor() {
    super('INSUFFICIENT_FUNDS', 'Not enough money in your Kedai wallet', 402);
  }
}

export class AmountTooLargeError extends DomainError {
  constructor(what: string) {
    super('AMOUNT_TOO_LARGE', `The amount is more than ${what}`, 400);
  }
}

export class OrderAlreadyPaidError extends ConflictError {
  constructor() {
    super('ALREADY_PAID', 'This has been paid already (or a payment for it is under way)');
  }
}

export class IdempotencyMismatchError extends DomainError {
  constructor() {
    super('IDEMPOTENCY_MISMATCH', 'This idempotency key was used with other parameters', 422);
  }
}

export class RequestInProgressError extends ConflictError {
  constructor() {
    super('REQUEST_IN_PROGRESS', 'A request with this idempotency key is still being processed; retry shortly');
  }
}

export class PspUnavailableError extends DomainError {
  constructor() {
    super('PSP_UNAVAILABLE', 'The payment provider did not answer in time', 503);
  }
}

export class WebhookSignatureError extends DomainError {
  constructor(why: string) {
    super('WEBHOOK_SIGNATURE_INVALID', `Webhook refused: ${why}`, 400);
  }
}

export class CurrencyMismatchError extends DomainError {
  constructor() {
    super('CURRENCY_MISMATCH', 'The funding source is in another currency', 400);
  }
}
