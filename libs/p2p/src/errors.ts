import { ConflictError, DomainError, NotFoundError } from '@kedai/core';

export class SelfTransferError extends DomainError {
  constructor() {
    super('SELF_TRANSFER', 'You cannot send money to, or ask it of, yourself', 400);
  }
}

/** Either side blocked the other; which one is not said. */
export class BlockedError extends DomainError {
  constructor() {
    super('BLOCKED', 'You cannot send money to, or ask it of, this person', 403);
  }
}

export class LimitExceededError extends DomainError {
  constructor(limit: 'per_transfer' | 'daily', limitMinor: bigint) {
    const what = limit === 'daily' ? 'your daily sending limit' : 'the most one transfer may be';
    super('LIMIT_EXCEEDED', `This is more than ${what}`, 400, { limit, limitMinor: limitMinor.toString() });
  }
}

export class TransferNotFoundError extends NotFoundError {
  constructor() {
    super('Transfer');
  }
}

export class MoneyRequestNotFoundError extends NotFoundError {
  constructor() {
    super('Money request');
  }
}

/** The request was paid, declined, canceled or has expired; says which. */
export class RequestClosedError extends ConflictError {
  constructor(status: string) {
    super('REQUEST_CLOSED', `This request is ${status === 'paying' ? 'being paid' : status}`, { status });
  }
}

export class PaymentLinkNotFoundError extends NotFoundError {
  constructor() {
    super('Payment link');
  }
}

export class PaymentLinkExpiredError extends DomainError {
  constructor() {
    super('PAYMENT_LINK_EXPIRED', 'This payment link has expired', 410);
  }
}

export class PaymentLinkUsedError extends ConflictError {
  constructor() {
    super('PAYMENT_LINK_USED', 'This payment link has been paid already');
  }
}

export class AlreadyReportedError extends ConflictError {
  constructor() {
    super('ALREADY_REPORTED', 'This transfer has been reported already');
  }
}
