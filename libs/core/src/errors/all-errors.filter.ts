import { ArgumentsHost, Catch, Inject, Logger, type ExceptionFilter } from '@nestjs/common';
import type { GqlContextType } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import { appConfig, type AppConfig } from '../config/namespaces';
import { Metrics } from '../metrics/metrics';
import { GRAPHQL_PATH } from '../graphql/graphql.module';
import { toPublicError } from './error-mapping';

/**
 * REST errors: one JSON shape `{ code, message, details }` with the status the error maps to.
 * GraphQL errors pass through untouched; Apollo's formatError renders those. An HTTP error on the
 * GraphQL endpoint before GraphQL runs (a body too large, JSON that does not parse) is answered
 * in the GraphQL error shape, with the same status, so a GraphQL client can read it like any other.
 */
@Catch()
export class AllErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    const error = toPublicError(exception, this.app.production);
    if (error.internal) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    this.metrics.errors.inc({ code: error.code, transport: 'http' });
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return undefined;
    // RATE_LIMITED and UNAVAILABLE say when to come back; HTTP clients read it from the header.
    const retryAfter = error.details.retryAfterSeconds;
    if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
    if (host.switchToHttp().getRequest<Request>().path === GRAPHQL_PATH) {
      res.status(error.status).json({ errors: [{ message: error.message, extensions: { code: error.code, ...error.details } }] });
      return undefined;
    }
    res.status(error.status).json({ code: error.code, message: error.message, details: error.details });
    return undefined;
  }
}
