import { DomainError } from '@kedai/core';

export { InvalidPhoneError } from './phone';

export class CodeInvalidError extends DomainError {
  constructor() {
    super('CODE_INVALID', 'That code is not right', 400);
  }
}

export class CodeExpiredError extends DomainError {
  constructor() {
    super('CODE_EXPIRED', 'That code has expired; ask for a new one', 400);
  }
}

export class CodeUsedError extends DomainError {
  constructor() {
    super('CODE_USED', 'That code has been used already; ask for a new one', 400);
  }
}

export class TooManyAttemptsError extends DomainError {
  constructor() {
    super('TOO_MANY_ATTEMPTS', 'Too many wrong codes; ask for a new one', 429);
  }
}

export class RefreshTokenInvalidError extends DomainError {
  constructor() {
    super('REFRESH_TOKEN_INVALID', 'Sign in again', 401);
  }
}

/** A refresh token was presented a second time: the whole session is revoked, as it may be stolen. */
export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super('REFRESH_TOKEN_REUSED', 'This session was ended for your safety; sign in again', 401);
  }
}

export class PersonHandleTakenError extends DomainError {
  constructor(handle: string) {
    super('HANDLE_TAKEN', `The handle "${handle}" is taken`, 409, { handle });
  }
}
