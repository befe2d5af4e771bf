import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '../errors/domain-error';
import { LoaderRegistry } from './loader-registry';

/** Who is acting. Identity fills in people, members and API keys; workers act as `system`. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'person'; personId: string; sessionId: string }
  | { kind: 'business'; businessId: string; apiKeyId: string; scopes: readonly string[] }
  | { kind: 'system'; name: string };

/**
 * The first argument of every service method: who acts, on which request, with which
 * idempotency key. Built once per HTTP request or job, never shared between them.
 */
export class RequestContext {
  private loaderRegistry?: LoaderRegistry;

  /** This request's DataLoaders; made on first use, since most requests (every write) use none. */
  get loaders(): LoaderRegistry {
    return (this.loaderRegistry ??= new LoaderRegistry());
  }

  constructor(
    readonly requestId: string,
    readonly actor: Actor,
    readonly idempotencyKey?: string,
    readonly ip?: string,
    readonly userAgent?: string,
  ) {}

  static anonymous(requestId: string = randomUUID(), ip?: string, idempotencyKey?: string, userAgent?: string): RequestContext {
    return new RequestContext(requestId, { kind: 'anonymous' }, idempotencyKey, ip, userAgent);
  }

  /** The context workers, seeds and relays use: trusted code acting on its own behalf. */
  static system(name: string, requestId: string = randomUUID()): RequestContext {
    return new RequestContext(requestId, { kind: 'system', name });
  }

  get isSystem(): boolean {
    return this.actor.kind === 'system';
  }

  /** The signed-in person, or UNAUTHENTICATED: the opening line of every person-only service method. */
  requirePerson(): string {
    if (this.actor.kind !== 'person') throw new UnauthenticatedError();
    return this.actor.personId;
  }

  /** The same request as someone else (after sign-in, say); keeps the request id and idempotency key. */
  as(actor: Actor): RequestContext {
    return new RequestContext(this.requestId, actor, this.idempotencyKey, this.ip, this.userAgent);
  }
}
