import type { HttpAdapterHost } from '@nestjs/core';
import express, { type RequestHandler } from 'express';

interface Layer {
  handle?: { name?: string };
}

/**
 * Webhook signatures cover a body's exact bytes, but the app's JSON parser would consume them.
 * `rawBodyFor` puts a raw parser (the bytes land in `req.body` as a Buffer, refused with 413 past
 * `limit`) and the caller's handlers for one path just ahead of the JSON parser, which then skips
 * the already-read body; with `first`, ahead of every middleware the app added (tracing, helmet's
 * browser headers, the web app), for a route whose only caller is a server and that must answer
 * before Nest's pipeline runs. Call it from a provider's onModuleInit.
 */
export function rawBodyFor(
  host: HttpAdapterHost,
  path: string,
  limit: number | string,
  handlers: RequestHandler[],
  options: { first?: boolean } = {},
): void {
  const app = host.httpAdapter?.getInstance<express.Express>();
  const router = (app as unknown as { router?: { stack: Layer[] } } | undefined)?.router;
  if (!app || !router) return;
  // One layer for the parser and the handlers, so it moves as one.
  const chain = [express.raw({ type: () => true, limit }), ...handlers];
  const run: RequestHandler = (req, res, next) => {
    const step = (i: number, err?: unknown): void => {
      if (err !== undefined || i === chain.length) return next(err);
      try {
        void chain[i](req, res, (e?: unknown) => step(i + 1, e));
      } catch (e) {
        next(e);
      }
    };
    step(0);
  };
  app.use(path, run);
  const stack = router.stack;
  const mine = stack.pop()!;
  const json = options.first ? -1 : stack.findIndex((l) => l.handle?.name === 'jsonParser');
  stack.splice(json >= 0 ? json : 0, 0, mine);
}
