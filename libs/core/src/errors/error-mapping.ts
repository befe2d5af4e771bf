import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError } from './domain-error';

/** What any error becomes at the edge, before it is rendered as GraphQL or HTTP. */
export interface PublicError {
  code: string;
  message: string;
  status: number;
  details: Record<string, unknown>;
  /** True when the error is ours to fix, not the caller's; these are logged with their stack. */
  internal: boolean;
}

const STATUS_CODES: Record<number, string> = {
  [HttpStatus.BAD_REQUEST]: 'BAD_REQUEST',
  [HttpStatus.UNAUTHORIZED]: 'UNAUTHENTICATED',
  [HttpStatus.FORBIDDEN]: 'FORBIDDEN',
  [HttpStatus.NOT_FOUND]: 'NOT_FOUND',
  [HttpStatus.METHOD_NOT_ALLOWED]: 'METHOD_NOT_ALLOWED',
  [HttpStatus.CONFLICT]: 'CONFLICT',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'PAYLOAD_TOO_LARGE',
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE]: 'UNSUPPORTED_MEDIA_TYPE',
  [HttpStatus.TOO_MANY_REQUESTS]: 'RATE_LIMITED',
};

export function toPublicError(error: unknown, production: boolean): PublicError {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, status: error.httpStatus, details: error.details, internal: false };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      return { code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: error.message, status, details: {}, internal: false };
    }
  }
  // Anything else is a bug or an outage: the caller learns nothing about our internals in production.
  const message = production ? 'Internal server error' : error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL_SERVER_ERROR', message, status: 500, details: {}, internal: true };
}
