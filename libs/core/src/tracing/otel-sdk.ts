import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * The OpenTelemetry SDK, started. Only `startTracing` loads this file, and only when tracing is
 * on: the SDK, its exporters and instrumentations would otherwise cost every process about 6 MB
 * of live heap and 20 MB of resident memory for nothing (issue 15, bench/README.md).
 */
export function startSdk(serviceName: string, spanProcessors: SpanProcessor[] | undefined): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME || serviceName,
    ...(spanProcessors ? { spanProcessors } : { traceExporter: new OTLPTraceExporter() }),
    instrumentations: [
      // HTTP server spans come from requestTracing (one per request, renamed after the GraphQL operation).
      new GraphQLInstrumentation({ mergeItems: true, ignoreTrivialResolveSpans: true, depth: 3 }),
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
      // BullMQ's blocking polls and the relay's idle loop would be noise without a parent.
      new IORedisInstrumentation({ requireParentSpan: true }),
    ],
  });
  sdk.start();
  return sdk;
}
