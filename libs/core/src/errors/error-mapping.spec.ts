import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from './domain-error';
import { toPublicError } from './error-mapping';

class OutOfStockError extends ConflictError {
  constructor(sku: string) {
    super('OUT_OF_STOCK', `${sku} is out of stock`, { sku });
  }
}

describe('toPublicError', () => {
  describe.each([true, false])('DomainErrors (production: %s) keep their code, message, status and details', (production) => {
    it.each([
      [new DomainError('SOMETHING', 'something happened'), 'SOMETHING', 400, {}],
      [
        new InvalidInputError([{ field: 'handle', messages: ['too short'] }]),
        'BAD_USER_INPUT',
        400,
        { fields: [{ field: 'handle', messages: ['too short'] }] },
      ],
      [new NotFoundError('Business'), 'NOT_FOUND', 404, {}],
      [new NotFoundError('Order', 'ORDER_NOT_FOUND'), 'ORDER_NOT_FOUND', 404, {}],
      [new UnauthenticatedError(), 'UNAUTHENTICATED', 401, {}],
      [new ForbiddenError(), 'FORBIDDEN', 403, {}],
      [new RateLimitedError(30), 'RATE_LIMITED', 429, { retryAfterSeconds: 30 }],
      [new UnavailableError('Live chat events'), 'UNAVAILABLE', 503, { retryAfterSeconds: 5 }],
      [new InvalidTransitionError('Order', 'paid', 'created'), 'INVALID_TRANSITION', 409, { from: 'paid', to: 'created' }],
      [new OutOfStockError('SKU-1'), 'OUT_OF_STOCK', 409, { sku: 'SKU-1' }],
    ])('%s', (error, code, status, details) => {
      expect(toPublicError(error, production)).toEqual({
        code,
        message: error.message,
        status,
        details,
        internal: false,
      });
    });
  });

  it('names a DomainError subclass after itself, for logs', () => {
    expect(new OutOfStockError('x').name).toBe('OutOfStockError');
    expect(new NotFoundError('x')).toBeInstanceOf(DomainError);
  });

  it.each([
    [new BadRequestException('bad thing'), 'BAD_REQUEST', 400, 'bad thing'],
    [new UnauthorizedException(), 'UNAUTHENTICATED', 401, 'Unauthorized'],
    [new ForbiddenException(), 'FORBIDDEN', 403, 'Forbidden'],
    [new NotFoundException('Cannot GET /nope'), 'NOT_FOUND', 404, 'Cannot GET /nope'],
    [new ConflictException(), 'CONFLICT', 409, 'Conflict'],
    [new PayloadTooLargeException(), 'PAYLOAD_TOO_LARGE', 413, 'Payload Too Large'],
    [new HttpException('teapot', 418), 'BAD_REQUEST', 418, 'teapot'],
  ])('maps a 4xx HttpException (%s) to its code and status, as the caller’s mistake', (error, code, status, message) => {
    expect(toPublicError(error, true)).toEqual({ code, status, message, details: {}, internal: false });
  });

  it('hides the message of an unknown error in production and flags it as ours to fix', () => {
    const error = new Error('connection to 10.0.0.5:5432 refused; password=hunter2');
    expect(toPublicError(error, true)).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
      status: 500,
      details: {},
      internal: true,
    });
  });

  it('shows the real message of an unknown error outside production, still as INTERNAL_SERVER_ERROR', () => {
    expect(toPublicError(new TypeError('x is undefined'), false)).toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'x is undefined',
      status: 500,
      internal: true,
    });
    expect(toPublicError('a thrown string', false).message).toBe('a thrown string');
    expect(toPublicError(undefined, true).message).toBe('Internal server error');
  });

  it('treats a 5xx HttpException as internal, hiding its message in production', () => {
    expect(toPublicError(new ServiceUnavailableException('pool exhausted at db-3'), true)).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error',
      status: 500,
      details: {},
      internal: true,
    });
  });
});
