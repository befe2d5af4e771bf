import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, InvalidInputError } from '@kedai/core';
import { CloudApiError, CloudErrors } from './cloud-api-error';

/** Kedai's errors in Cloud API terms: what a bot written against Meta's API expects to parse. */
export function toCloudError(e: unknown): CloudApiError {
  if (e instanceof CloudApiError) return e;
  if (e instanceof DomainError) {
    const fields = (e as Partial<InvalidInputError>).fields ?? (e.details.fields as InvalidInputError['fields'] | undefined);
    const detail = fields?.length ? fields.map((f) => `${f.field}: ${f.messages.join('; ')}`).join(' | ') : e.message;
    switch (e.code) {
      case 'UNAUTHENTICATED':
        return CloudErrors.badToken(e.message);
      case 'FORBIDDEN':
        return CloudErrors.permission(e.message);
      case 'NOT_FOUND':
        return CloudErrors.invalidValue(e.message);
      case 'RATE_LIMITED':
        return CloudErrors.throughput();
      default:
        return e.httpStatus < 500 ? CloudErrors.invalidValue(detail) : CloudErrors.server();
    }
  }
  if (e instanceof HttpException && e.getStatus() < 500) {
    const status = e.getStatus();
    if (status === 413) return CloudErrors.mediaError('the file is too large');
    return new CloudApiError(100, 'Invalid parameter', e.message, status === 404 ? 404 : 400);
  }
  return CloudErrors.server();
}

/** Every error of the Cloud API surface, guards' included, as the Cloud API's error object. */
@Catch()
export class CloudApiFilter implements ExceptionFilter {
  private readonly logger = new Logger('CloudApi');

  catch(exception: unknown, host: ArgumentsHost): void {
    const error = toCloudError(exception);
    if (error.httpStatus >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    res.status(error.httpStatus).json(error.body());
  }
}
