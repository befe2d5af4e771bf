import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Bindings, Logger } from 'pino';
import { requestIdFor } from './logging.module';

/** Probes and scrapes: answered, never logged. */
const QUIET = /^\/(health|metrics)\b/;
/** The level of the one line each request gets when it ends (pino-http's default, kept). */
const REQUEST_LINE_LEVEL = 'info';

/** `id` and `log` are declared on IncomingMessage by pino-http's types, which nestjs-pino's bind middleware reads. */
type LoggedRequest = IncomingMessage;

/**
 * What pino-http did for us, without its cost: an id per request (a caller's sane X-Request-Id,
 * else a UUID, echoed in the response), `req.log` for nestjs-pino to bind to the request (every
 * line logged while serving it carries `requestId`), and one "request completed" line when it ends.
 * pino-http built two child loggers per request up front, and pino runs its redaction over a
 * child's bindings: ~50 µs a request, about 3 % of the API's CPU per chat message, for lines that
 * are mostly never written (LOG_LEVEL=warn writes none). Here the child is made on the first line
 * actually written, and the end-of-request line is only prepared when its level is on.
 */
export function requestLogging(root: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req: LoggedRequest, res, next) => {
    const id = requestIdFor(req);
    req.id = id;
    res.setHeader('x-request-id', id);
    const log = lazyChild(root, { requestId: id });
    req.log = log;
    if (root.isLevelEnabled(REQUEST_LINE_LEVEL) && !QUIET.test(req.url ?? '')) logWhenDone(log, req, res);
    next();
  };
}

/** pino-http's end-of-request line: the same message, level and fields. */
function logWhenDone(log: Logger, req: LoggedRequest, res: ServerResponse): void {
  const started = Date.now();
  let logged = false;
  const done = (): void => {
    if (logged) return;
    logged = true;
    const fields = {
      req: { id: req.id, method: req.method, path: req.url?.split('?')[0] },
      res: { statusCode: res.statusCode },
      responseTime: Date.now() - started,
    };
    if (res.statusCode >= 500) {
      log[REQUEST_LINE_LEVEL]({ ...fields, err: new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
    } else {
      log[REQUEST_LINE_LEVEL](fields, !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted');
    }
  };
  res.once('finish', done);
  res.once('close', done);
}

/**
 * `parent.child(bindings)`, made on first use. A call at a level that is off does nothing and
 * makes nothing; anything else (a line, `child`, `setBindings`, reading `level`) goes to the child.
 */
export function lazyChild(parent: Logger, bindings: Bindings): Logger {
  let child: Logger | undefined;
  const made = (): Logger => (child ??= parent.child(bindings));
  // An empty target: the proxy answers for the child, so it must not be bound by the parent's own properties.
  return new Proxy({} as Logger, {
    get(_target, key) {
      const current = child ?? parent;
      if (typeof key === 'string' && key in current.levels.values && !current.isLevelEnabled(key)) return off;
      const logger = made();
      const value: unknown = Reflect.get(logger, key, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set(_target, key, value) {
      return Reflect.set(made(), key, value);
    },
  });
}

const off = (): void => undefined;
