import { Injectable, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import {
  THROTTLER_BLOCK_DURATION,
  THROTTLER_KEY_GENERATOR,
  THROTTLER_LIMIT,
  THROTTLER_SKIP,
  THROTTLER_TRACKER,
  THROTTLER_TTL,
} from '@nestjs/throttler/dist/throttler.constants';
import type { Request, Response } from 'express';
import { contextOf, RateLimitedError, RedisThrottlerStorage, requestOf, type Actor, type ThrottleHit } from '@kedai/core';

/**
 * Rate limits that understand GraphQL: the guard runs once per top-level field, so each alias
 * counts as one request and a query cannot hide 50 operations behind one HTTP call. Two limits:
 * per IP for everyone, per account (person or API key) for callers we know.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
  /** Per resolver method, then per class (a method may be inherited): see routeLimits. */
  private readonly routes = new WeakMap<object, WeakMap<object, RouteLimit[]>>();

  /**
   * The base guard's decisions (skips, per-route overrides, trackers, keys, headers, the first
   * blocked limit refusing), with every limit counted in one Redis round trip instead of one
   * awaited round trip per limit.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const storage = this.storageService;
    if (!(storage instanceof RedisThrottlerStorage)) return super.canActivate(context);
    const { req, res } = this.getRequestResponse(context);
    const planned: (ThrottleHit & { throttler: ThrottlerOptions; tracker: string })[] = [];
    for (const route of this.routeLimits(context)) {
      const { throttler, name } = route;
      if (route.skip || (throttler.skipIf ?? this.commonOptions.skipIf)?.(context)) continue;
      const ignored = throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents;
      if (ignored?.some((pattern) => pattern.test(String(req.headers['user-agent'])))) continue;
      // Constants (every limit here) without an await each.
      const ttl = typeof route.ttl === 'number' ? route.ttl : await resolved(context, route.ttl);
      const limit = typeof route.limit === 'number' ? route.limit : await resolved(context, route.limit);
      const block = route.blockDuration ?? ttl;
      const blockDuration = typeof block === 'number' ? block : await resolved(context, block);
      const tracked = route.tracker(req, context);
      const tracker = typeof tracked === 'string' ? tracked : await tracked;
      const key = route.key(context, tracker, name);
      planned.push({ key, ttl, limit, blockDuration, throttlerName: name, throttler, tracker });
    }
    const records = await storage.incrementAll(planned);
    for (const [i, record] of records.entries()) {
      const { throttler, limit, ttl, key, tracker, throttlerName } = planned[i]!;
      const headers = (throttler.setHeaders ?? this.commonOptions.setHeaders) !== false;
      const suffix = throttlerName === 'default' ? '' : `-${throttlerName}`;
      if (record.isBlocked) {
        if (headers) this.setResponseHeader(res, `Retry-After${suffix}`, record.timeToBlockExpire);
        await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
      }
      if (headers) {
        this.setResponseHeader(res, `${this.headerPrefix}-Limit${suffix}`, limit);
        this.setResponseHeader(res, `${this.headerPrefix}-Remaining${suffix}`, Math.max(0, limit - record.totalHits));
        this.setResponseHeader(res, `${this.headerPrefix}-Reset${suffix}`, record.timeToExpire);
      }
    }
    return true;
  }

  /**
   * Each limit's route-level overrides (@SkipThrottle, @Throttle, trackers, key generators) for a
   * resolver, read from its decorators' metadata once and kept: they are fixed at startup, and
   * reading them was a dozen reflect-metadata look-ups per limit on every call.
   */
  private routeLimits(context: ExecutionContext): RouteLimit[] {
    const handler = context.getHandler();
    const type = context.getClass();
    let byClass = this.routes.get(handler);
    if (!byClass) this.routes.set(handler, (byClass = new WeakMap()));
    let limits = byClass.get(type);
    if (!limits) {
      const targets = [handler, type];
      limits = this.throttlers.map((throttler) => {
        const name = throttler.name!;
        const routeOr = <T>(meta: string, fallback: T): T =>
          this.reflector.getAllAndOverride<T>(meta + name, targets) ?? fallback;
        return {
          throttler,
          name,
          skip: routeOr(THROTTLER_SKIP, false),
          ttl: routeOr(THROTTLER_TTL, throttler.ttl),
          limit: routeOr(THROTTLER_LIMIT, throttler.limit),
          blockDuration: routeOr<Resolvable | undefined>(THROTTLER_BLOCK_DURATION, throttler.blockDuration),
          tracker: routeOr(THROTTLER_TRACKER, throttler.getTracker ?? this.commonOptions.getTracker!),
          key: routeOr(THROTTLER_KEY_GENERATOR, throttler.generateKey ?? this.commonOptions.generateKey!),
        };
      });
      byClass.set(type, limits);
    }
    return limits;
  }

  protected override getRequestResponse(context: ExecutionContext): { req: Request; res: Response } {
    if (context.getType<GqlContextType>() === 'graphql') {
      const gql = GqlExecutionContext.create(context).getContext<{ req: Request; res?: Response }>();
      // A subscription over a socket has no response to put rate-limit headers on.
      return { req: gql.req, res: gql.res ?? NO_RESPONSE };
    }
    return { req: requestOf(context), res: context.switchToHttp().getResponse<Response>() };
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new RateLimitedError(Math.max(1, detail.timeToBlockExpire || detail.timeToExpire));
  }
}

type Resolvable = number | ((c: ExecutionContext) => number | Promise<number>);

/** One limit as it applies to one resolver. */
interface RouteLimit {
  throttler: ThrottlerOptions;
  name: string;
  skip: boolean;
  ttl: Resolvable;
  limit: Resolvable;
  blockDuration: Resolvable | undefined;
  tracker: NonNullable<ThrottlerOptions['getTracker']>;
  key: NonNullable<ThrottlerOptions['generateKey']>;
}

/** A throttler option as a number: a constant, or a function of the request. */
async function resolved(context: ExecutionContext, value: Resolvable): Promise<number> {
  return Number(typeof value === 'function' ? await value(context) : value);
}

const NO_RESPONSE = { header: () => NO_RESPONSE } as unknown as Response;

/** The account a request counts against, or null for anonymous callers. */
export function accountOf(actor: Actor): string | null {
  switch (actor.kind) {
    case 'person':
      return `person:${actor.personId}`;
    case 'business':
      return `apikey:${actor.apiKeyId}`;
    default:
      return null;
  }
}

export const accountTracker = (req: Record<string, unknown>): string =>
  accountOf(contextOf(req as unknown as Request).actor) ?? 'anonymous';
