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
  /**
   * The base guard's decisions (skips, per-route overrides, trackers, keys, headers, the first
   * blocked limit refusing), with every limit counted in one Redis round trip instead of one
   * awaited round trip per limit.
   */
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const storage = this.storageService;
    if (!(storage instanceof RedisThrottlerStorage)) return super.canActivate(context);
    const targets = [context.getHandler(), context.getClass()];
    const { req, res } = this.getRequestResponse(context);
    const planned: (ThrottleHit & { throttler: ThrottlerOptions; tracker: string })[] = [];
    for (const throttler of this.throttlers) {
      const name = throttler.name!;
      const routeOr = <T>(meta: string, fallback: T): T => this.reflector.getAllAndOverride<T>(meta + name, targets) ?? fallback;
      if (routeOr(THROTTLER_SKIP, false) || (throttler.skipIf ?? this.commonOptions.skipIf)?.(context)) continue;
      const ignored = throttler.ignoreUserAgents ?? this.commonOptions.ignoreUserAgents;
      if (ignored?.some((pattern) => pattern.test(String(req.headers['user-agent'])))) continue;
      const ttl = await resolved(context, routeOr(THROTTLER_TTL, throttler.ttl));
      const limit = await resolved(context, routeOr(THROTTLER_LIMIT, throttler.limit));
      const blockDuration = await resolved(context, routeOr(THROTTLER_BLOCK_DURATION, throttler.blockDuration ?? ttl));
      const tracker = await routeOr(THROTTLER_TRACKER, throttler.getTracker ?? this.commonOptions.getTracker!)(req, context);
      const key = routeOr(THROTTLER_KEY_GENERATOR, throttler.generateKey ?? this.commonOptions.generateKey!)(
        context,
        tracker,
        name,
      );
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

/** A throttler option as a number: a constant, or a function of the request. */
async function resolved(
  context: ExecutionContext,
  value: number | ((c: ExecutionContext) => number | Promise<number>),
): Promise<number> {
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
