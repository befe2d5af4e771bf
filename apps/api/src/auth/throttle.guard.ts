import { Injectable, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { contextOf, RateLimitedError, requestOf, type Actor } from '@kedai/core';

/**
 * Rate limits that understand GraphQL: the guard runs once per top-level field, so each alias
 * counts as one request and a query cannot hide 50 operations behind one HTTP call. Two limits:
 * per IP for everyone, per account (person or API key) for callers we know.
 */
@Injectable()
export class GqlThrottlerGuard extends ThrottlerGuard {
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
