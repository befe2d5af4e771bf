import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  API_KEY_AUTHENTICATOR,
  API_KEY_PREFIX,
  UnauthenticatedError,
  type Actor,
  type ApiKeyAuthenticator,
  type SocketAuthenticator,
} from '@kedai/core';
import { SessionService } from '@kedai/identity';

/** Who presented credentials: a person by access token, a business by API key, or nobody (null). */
@Injectable()
export class Credentials {
  constructor(
    private readonly sessions: SessionService,
    @Optional() @Inject(API_KEY_AUTHENTICATOR) private readonly apiKeys?: ApiKeyAuthenticator,
  ) {}

  async actorOf(header: (name: string) => string | undefined): Promise<Actor | null> {
    const authorization = header('authorization');
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (authorization && !bearer) throw new UnauthenticatedError('Send credentials as "Authorization: Bearer <token>"');
    const apiKey = header('x-api-key') ?? (bearer?.startsWith(API_KEY_PREFIX) ? bearer : undefined);
    if (apiKey) {
      const business = this.apiKeys ? await this.apiKeys.authenticate(apiKey) : null;
      if (!business) throw new UnauthenticatedError('This API key is not valid or has been revoked');
      return business;
    }
    return bearer ? this.sessions.authenticate(bearer) : null;
  }
}

/** Opens a GraphQL socket only for valid credentials: chat is for people and businesses we know. */
@Injectable()
export class CredentialsSocketAuthenticator implements SocketAuthenticator {
  constructor(private readonly credentials: Credentials) {}

  async authenticate(headers: Record<string, string | undefined>): Promise<boolean> {
    try {
      return (await this.credentials.actorOf((name) => headers[name.toLowerCase()])) !== null;
    } catch (e) {
      if (e instanceof UnauthenticatedError) return false;
      throw e;
    }
  }
}
