import type { AsyncLocalStorage } from 'node:async_hooks';
import { MikroORM, RequestContext, type EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type NestMiddleware } from '@nestjs/common';

/**
 * MikroORM's per-request context (what `registerRequestContext` mounted), with the request's
 * EntityManager forked when something first asks for it rather than when the request arrives.
 * A fork (entity manager, unit of work, identity map, …) was ~2 % of the API's CPU per chat
 * message, and the hot write paths (messages, payments, orders) run plain SQL through `Sql` and
 * never ask. Whoever asks, within the request, gets the same fork, as before.
 */
@Injectable()
export class RequestEntityManagerMiddleware implements NestMiddleware {
  constructor(private readonly orm: MikroORM) {}

  use(_req: unknown, _res: unknown, next: () => void): void {
    CONTEXTS.run(new RequestContext(new ForkOnFirstUse(this.orm.em)), next);
  }
}

/** The map a RequestContext reads its EntityManager from (MikroORM only ever calls `get`). */
class ForkOnFirstUse extends Map<string, EntityManager> {
  private forking = false;

  constructor(private readonly root: EntityManager) {
    super();
  }

  override get(name: string): EntityManager | undefined {
    let em = super.get(name);
    // While forking, MikroORM resolves the context itself: it gets the root, as it did when
    // RequestContext.create forked before entering the context.
    if (em || this.forking || name !== this.root.name) return em;
    this.forking = true;
    try {
      em = this.root.fork({ useContext: true });
    } finally {
      this.forking = false;
    }
    this.set(name, em);
    return em;
  }
}

/**
 * RequestContext's own storage (private in its types; `RequestContext.create` is the public way
 * in, and it forks at once). Checked at load, so a MikroORM upgrade that moves it fails at start.
 */
const CONTEXTS = (RequestContext as unknown as { storage?: AsyncLocalStorage<RequestContext> }).storage!;
if (typeof CONTEXTS?.run !== 'function')
  throw new Error('MikroORM RequestContext.storage is gone: see request-entity-manager.ts');
