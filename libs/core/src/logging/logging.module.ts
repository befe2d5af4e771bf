import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';
import { appConfig, type AppConfig } from '../config/namespaces';
import { logDestination } from './log-destination';

/** Paths pino blanks out wherever they appear: credentials, one-time codes, tokens, card data. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.pin',
  '*.code',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.apiKey',
  '*.secret',
  '*.cardNumber',
  '*.cvc',
  '*.cvv',
  '*.number',
  '*.pan',
  '*.accountNumber',
  '*.input.number',
  '*.input.cvc',
  '*.newPin',
  '*.currentPin',
];

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** `traceId` and `spanId` of the active span, when one is being recorded. */
export function traceFields(): { traceId?: string; spanId?: string } {
  const span = trace.getActiveSpan()?.spanContext();
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

/** A caller-supplied X-Request-Id is kept when it is sane, so a trace can cross services. */
export function requestIdFor(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Where log lines go: stdout unless a test swaps in a stream of its own
 * (`overrideProvider(LOG_DESTINATION)`) to read what was logged.
 */
export const LOG_DESTINATION = Symbol('kedai.logDestination');

/** The process's pino logger; the API's request logging (`requestLogging`) derives each request's from it. */
export const ROOT_LOGGER = Symbol('kedai.rootLogger');

@Module({
  providers: [
    { provide: LOG_DESTINATION, useValue: null },
    {
      provide: ROOT_LOGGER,
      inject: [appConfig.KEY, LOG_DESTINATION],
      useFactory: async (app: AppConfig, destination: DestinationStream | null): Promise<Logger> =>
        pino(
          {
            level: app.logLevel,
            // Lines written inside a traced request or job carry its trace (and so join it in a trace viewer).
            mixin: traceFields,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            // Bodies and query strings may carry codes or tokens: log the route, not the payload.
            serializers: {
              req: (req: { id: unknown; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                path: req.url?.split('?')[0],
              }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          },
          destination ?? (await logDestination(app.env)),
        ),
    },
  ],
  exports: [LOG_DESTINATION, ROOT_LOGGER],
})
class RootLoggerModule {}

/**
 * nestjs-pino over our own root logger. Its HTTP middleware is not used (`useExisting`): the API
 * mounts `requestLogging` (request ids, `req.log`, the end-of-request line), and nestjs-pino only
 * binds `req.log` to the request so that Nest's loggers write through it.
 */
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      inject: [ROOT_LOGGER],
      useFactory: (root: Logger) => ({ pinoHttp: { logger: root }, useExisting: true }),
    }),
  ],
  exports: [RootLoggerModule],
})
export class LoggingModule {}
