import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { Logger as PinoLoggerType } from 'pino';
import {
  createValidationPipe,
  InputSafetyPipe,
  Metrics,
  metricsConfig,
  metricsHandler,
  requestLogging,
  requestTracing,
  ROOT_LOGGER,
  type MetricsConfig,
} from '@kedai/core';
import { DASHBOARD_PATH, QueueDashboard } from './admin/queue-dashboard';
import { serveWebApp } from './web/serve-web-app';

/** Everything main.ts and the e2e harness both apply, so tests run the app as production does. */
export function configureApi(app: INestApplication, options: { shutdownHooks?: boolean } = {}): void {
  const express = app as NestExpressApplication;
  // First, so the request's span is active for everything after it (a no-op unless tracing runs).
  app.use(requestTracing());
  app.useLogger(app.get(Logger));
  // Text PostgreSQL cannot store is refused first, naming the field; then the DTOs are validated.
  app.useGlobalPipes(new InputSafetyPipe(), createValidationPipe());
  // The web app and GraphiQL are served from our own origin; no inline-script policy yet.
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by');
  // Ahead of Nest's guards and rate limits: Prometheus scrapes are neither people nor API keys.
  app.getHttpAdapter().get('/metrics', metricsHandler(app.get(Metrics), app.get<MetricsConfig>(metricsConfig.KEY).token));
  const dashboard = app.get(QueueDashboard).handlers();
  if (dashboard) express.use(DASHBOARD_PATH, ...dashboard);
  // Before Nest's routes and Apollo: GraphiQL for browsers at GET /graphql, the web app at `/`.
  serveWebApp(express);
  // What reaches Nest gets a request id and its logger (the static files and /metrics above do not).
  app.use(requestLogging(app.get<PinoLoggerType>(ROOT_LOGGER)));
  // Drain in-flight requests on SIGTERM/SIGINT; tests close their apps themselves.
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
}
