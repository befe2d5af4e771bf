import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Request } from 'express';
import { RequestContext } from './request-context';

const KEY = Symbol('kedai.requestContext');
type WithContext = Request & { [KEY]?: RequestContext; id?: unknown };

/** The RequestContext of an HTTP request, created on first use and cached on the request. */
export function contextOf(req: Request): RequestContext {
  const r = req as WithContext;
  if (!r[KEY]) {
    const idem = req.header('idempotency-key') ?? undefined;
    r[KEY] = RequestContext.anonymous(String(r.id ?? ''), req.ip, idem, req.header('user-agent') ?? undefined);
  }
  return r[KEY];
}

/** Attaches a context to a request, for guards that know who the caller is. */
export function setContextOf(req: Request, ctx: RequestContext): void {
  (req as WithContext)[KEY] = ctx;
}

export function requestOf(execution: ExecutionContext): Request {
  if (execution.getType<GqlContextType>() === 'graphql') {
    return GqlExecutionContext.create(execution).getContext<{ req: Request }>().req;
  }
  return execution.switchToHttp().getRequest<Request>();
}

/** Injects the RequestContext into a resolver or controller method: `@Ctx() ctx: RequestContext`. */
export const Ctx = createParamDecorator((_data: unknown, execution: ExecutionContext) => contextOf(requestOf(execution)));
