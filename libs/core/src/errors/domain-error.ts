/**
 * The one error model. A DomainError carries a stable, machine-readable `code` that clients
 * switch on (GraphQL `extensions.code`, the `code` field of a REST error body) and the HTTP status
 * it maps to. Messages are for humans and may change; codes may not.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldError {
  field: string;
  messages: string[];
}

/** Input that fails validation; `fields` says which field and why, so a form can show it inline. */
export class InvalidInputError extends DomainError {
  constructor(
    readonly fields: FieldError[],
    message = 'The input is not valid',
  ) {
    super('BAD_USER_INPUT', message, 400, { fields });
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, code = 'NOT_FOUND') {
    super(code, `${what} was not found`, 404);
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 409, details);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in to do this') {
    super('UNAUTHENTICATED', message, 401);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super('FORBIDDEN', message, 403);
  }
}

export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s`, 429, { retryAfterSeconds });
  }
}

/**
 * Raised when a state machine is asked for a move its table does not allow. `allowed`, when the
 * caller knows them, are the states this actor could move it to instead (`extensions.allowed`),
 * so a client can offer those rather than guess.
 */
export class InvalidTransitionError extends DomainError {
  constructor(entity: string, from: string, to: string, allowed?: readonly string[]) {
    const next = allowed === undefined ? '' : allowed.length ? `; it can go to ${allowed.join(', ')}` : '; it cannot be moved on';
    super('INVALID_TRANSITION', `${entity} cannot go from ${from} to ${to}${next}`, 409, {
      from,
      to,
      ...(allowed ? { allowed: [...allowed] } : {}),
    });
  }
}

/**
 * A dependency the operation truly needs (Redis for live fan-out, say) is down for the moment.
 * Raised at once rather than after retries, so a client can back off and try again (HTTP 503).
 */
export class UnavailableError extends DomainError {
  constructor(what: string, retryAfterSeconds = 5) {
    super('UNAVAILABLE', `${what} is unavailable for a moment; try again shortly`, 503, { retryAfterSeconds });
  }
}
