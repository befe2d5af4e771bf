import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The tracer every Kedai span comes from; a no-op until `startTracing` registers a provider. */
export const tracer = trace.getTracer('kedai');

/**
 * The active trace context as a string to store with work that runs later (an outbox row, a
 * BullMQ job's `telemetry.metadata`): W3C `traceparent`/`tracestate` as JSON, the format BullMQ's
 * own telemetry uses. Null when nothing is being traced.
 */
export function traceCarrier(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? JSON.stringify(carrier) : null;
}

/** The context a stored carrier continues (the root context when there is none or it is unreadable). */
export function contextFrom(carrier: string | null | undefined): Context {
  if (!carrier) return ROOT_CONTEXT;
  try {
    return propagation.extract(ROOT_CONTEXT, JSON.parse(carrier) as Record<string, string>);
  } catch {
    return ROOT_CONTEXT;
  }
}

/** Runs `fn` in a new span (child of `parent`), ending it with the outcome; errors are recorded and rethrown. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => fn(span));
  } catch (e) {
    span.recordException(e as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (e as Error).message });
    throw e;
  } finally {
    span.end();
  }
}

/**
 * An Express middleware: one server span per request (continuing a caller's `traceparent`), active
 * while Nest, Apollo and the services run, so everything they do (outbox rows included) belongs
 * to it. GraphQL renames it after its operation. Probes and scrapes are left out.
 */
export function requestTracing() {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const path = pathOf(req);
    if (/^\/(health|metrics)(\/|$)/.test(path)) return next();
    inServerSpan(req, res, next, path);
  };
}

/** The request's path without its query; under a mounted route Express strips the mount from req.url, so the whole one. */
function pathOf(req: IncomingMessage): string {
  return ((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0];
}

/**
 * Runs `next` in a server span for this request, ended when the response closes with its status
 * (5xx marks it an error). For handlers that run ahead of the middlewares (the WhatsApp webhook).
 */
export function inServerSpan(req: IncomingMessage, res: ServerResponse, next: () => void, path = pathOf(req)): void {
  const parent = propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    `${req.method} ${path}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': path } },
    parent,
  );
  res.once('close', () => {
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(trace.setSpan(parent, span), next);
}
