import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
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

@Module({
  imports: [
    LoggerModule.forRootAsync({
      providers: [{ provide: LOG_DESTINATION, useValue: null }],
      inject: [appConfig.KEY, LOG_DESTINATION],
      useFactory: async (app: AppConfig, destination: DestinationStream | null) => ({
        pinoHttp: [
          {
            level: app.logLevel,
            // Lines written inside a traced request or job carry its trace (and so join it in a trace viewer).
            mixin: traceFields,
            genReqId: (req, res) => {
              const id = requestIdFor(req);
              res.setHeader('x-request-id', id);
              return id;
            },
            // Every line logged while serving a request carries `requestId` (pino-http only binds
            // the reqId key under that name when the request logger is "quiet").
            customAttributeKeys: { reqId: 'requestId' },
            quietReqLogger: true,
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            autoLogging: { ignore: (req) => /^\/(health|metrics)\b/.test(req.url ?? '') },
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
        ],
      }),
    }),
  ],
})
export class LoggingModule {}
