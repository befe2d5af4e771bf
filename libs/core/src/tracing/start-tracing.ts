import type { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * Starts OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set (or a test hands in its own span
 * processors): spans go over OTLP/HTTP to that endpoint (the standard OTEL_* variables apply:
 * OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER …). Must run before anything
 * loads pg, ioredis or graphql, so the apps' main.ts import it first. Without the variable nothing
 * is loaded and every span is a no-op.
 */
export function startTracing(serviceName: string, options: { spanProcessors?: SpanProcessor[] } = {}): NodeSDK | null {
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT && !options.spanProcessors) return null;
  // Required here, not imported: without tracing the SDK is never loaded (see otel-sdk.ts).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./otel-sdk') as typeof import('./otel-sdk');
  const sdk = startSdk(serviceName, options.spanProcessors);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sdk.shutdown().catch(() => undefined));
  return sdk;
}
