import { Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import {
  API_KEY_AUTHENTICATOR,
  API_KEY_PREFIX,
  contextOf,
  IS_PUBLIC,
  requestOf,
  setContextOf,
  UnauthenticatedError,
  type Actor,
  type ApiKeyAuthenticator,
} from '@kedai/core';
import { SessionService } from '@kedai/identity';

const RESOLVED = Symbol('kedai.actorResolved');
type Marked = Request & { [RESOLVED]?: Promise<void> };

/**
 * The one gate of the API. It works out who is calling (a person by access token, a business by
 * API key, or nobody) once per HTTP request, puts that on the RequestContext, and refuses every
 * resolver or route not marked @Public() to anonymous callers. Credentials that are present but
 * wrong are refused even on public operations, so a client learns its token went stale.
 * What a known caller may do is decided by the services, which open with their access checks.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @Optional() @Inject(API_KEY_AUTHENTICATOR) private readonly apiKeys?: ApiKeyAuthenticator,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const req = requestOf(execution) as Marked;
    // Aliased fields run this guard once each; the credentials are checked once per request.
    req[RESOLVED] ??= this.resolve(req);
    await req[RESOLVED];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [execution.getHandler(), execution.getClass()]);
    if (!isPublic && contextOf(req).actor.kind === 'anonymous') throw new UnauthenticatedError();
    return true;
  }

  private async resolve(req: Request): Promise<void> {
    const actor = await this.actorOf(req);
    if (actor) setContextOf(req, contextOf(req).as(actor));
  }

  private async actorOf(req: Request): Promise<Actor | null> {
    const header = req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (header && !bearer) throw new UnauthenticatedError('Send credentials as "Authorization: Bearer <token>"');
    const apiKey = req.header('x-api-key') ?? (bearer?.startsWith(API_KEY_PREFIX) ? bearer : undefined);
    if (apiKey) {
      const business = this.apiKeys ? await this.apiKeys.authenticate(apiKey) : null;
      if (!business) throw new UnauthenticatedError('This API key is not valid or has been revoked');
      return business;
    }
    return bearer ? this.sessions.authenticate(bearer) : null;
  }
}
