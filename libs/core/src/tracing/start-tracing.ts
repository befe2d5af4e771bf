import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
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
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || serviceName,
    ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : { traceExporter: new OTLPTraceExporter() }),
    instrumentations: [
      // HTTP server spans come from requestTracing (one per request, renamed after the GraphQL operation).
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, depth: 3 }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // BullMQ's blocking polls and the relay's idle loop would be noise without a parent.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void sdk.shutdown().catch(() => undefined));
  return sdk;
}
