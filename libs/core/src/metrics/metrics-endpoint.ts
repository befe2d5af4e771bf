import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from './metrics';

/** True when no token is configured, or the request bears it (constant-time compare). */
export function metricsAuthorized(token: string | null, authorization: string | undefined): boolean {
  if (!token) return true;
  const given = Buffer.from(authorization ?? '');
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * `GET /metrics` for Prometheus, as a plain Node handler: the API mounts it ahead of Nest (so the
 * access guard, which refuses any bearer token it does not know, and the rate limits never see a
 * scrape), the worker serves it from its own small server. METRICS_TOKEN, when set, is the bearer.
 */
export function metricsHandler(metrics: Metrics, token: string | null) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const reply = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (!metricsAuthorized(token, req.headers.authorization)) return reply(401, 'text/plain', 'unauthorized\n');
    metrics.scrape().then(
      (body) => reply(200, metrics.contentType, body),
      (e: Error) => reply(500, 'text/plain', `${e.message}\n`),
    );
  };
}
