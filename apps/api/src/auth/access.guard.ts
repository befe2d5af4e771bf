import { Injectable, NotFoundException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { contextOf, IS_PUBLIC, PATH_PATTERN, requestOf, setContextOf, UnauthenticatedError } from '@kedai/core';
import { Credentials } from './credentials';

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
    private readonly credentials: Credentials,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    const req = requestOf(execution) as Marked;
    const pattern = this.reflector.getAllAndOverride<RegExp | undefined>(PATH_PATTERN, [
      execution.getHandler(),
      execution.getClass(),
    ]);
    if (pattern && !pattern.test(req.path)) throw new NotFoundException();
    // Aliased fields run this guard once each; the credentials are checked once per request.
    req[RESOLVED] ??= this.resolve(req);
    await req[RESOLVED];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [execution.getHandler(), execution.getClass()]);
    if (!isPublic && contextOf(req).actor.kind === 'anonymous') throw new UnauthenticatedError();
    return true;
  }

  private async resolve(req: Request): Promise<void> {
    const actor = await this.credentials.actorOf((name) => req.header(name));
    if (actor) setContextOf(req, contextOf(req).as(actor));
  }
}
