import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express from 'express';

export const WEBHOOK_PATH = '/payments/webhooks/psp';

interface Layer {
  handle?: { name?: string };
}

/**
 * A webhook's signature covers its exact bytes, but the API's JSON parser would consume them. This
 * puts a raw parser for the webhook route just ahead of the JSON parser (which then skips the
 * already-read body). Done here, at module init, because the app's bootstrap is shared with every
 * other route; an app-wide `rawBody: true` in configure-api would make this unnecessary.
 */
@Injectable()
export class RawWebhookBody implements OnModuleInit {
  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.host.httpAdapter?.getInstance<express.Express>();
    const router = (app as unknown as { router?: { stack: Layer[] } } | undefined)?.router;
    if (!app || !router) return;
    app.use(WEBHOOK_PATH, express.raw({ type: () => true, limit: '256kb' }));
    const stack = router.stack;
    const mine = stack.pop()!;
    const json = stack.findIndex((l) => l.handle?.name === 'jsonParser');
    stack.splice(json >= 0 ? json : 0, 0, mine);
  }
}
