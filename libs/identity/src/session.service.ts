import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, NotFoundError, UnauthenticatedError, type Actor, type AuthConfig, type RequestContext } from '@kedai/core';
import { AuthSession, RefreshToken } from './entities/session.entity';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from './errors';
import { SessionCache } from './session-cache';
import { newSecret, secretHash } from './tokens';

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  sessionId: string;
}

interface AccessClaims {
  sub: string;
  sid: string;
  typ: 'access';
}

interface TokenRow {
  token_id: string;
  session_id: string;
  person_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
}

/**
 * Sessions: a short-lived access token (JWT) and a refresh token that rotates on every use.
 * Refresh tokens are stored hashed; presenting one twice revokes its whole session (the token
 * family), since one of the two presenters must be a thief. Rotation locks the token and its
 * session, so two parallel refreshes with one token serialise: the first rotates, the second is a
 * reuse and ends the session: never two live children.
 */
@Injectable()
export class SessionService {
  constructor(
    private readonly em: EntityManager,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
    private readonly cache: SessionCache,
  ) {}

  /** Opens a session for a person who just proved their phone. Runs in the caller's transaction. */
  async open(em: EntityManager, personId: string, meta: { userAgent?: string; ip?: string }): Promise<IssuedTokens> {
    const expiresAt = new Date(Date.now() + this.config.sessionTtlDays * 86_400_000);
    const session = new AuthSession(personId, expiresAt, meta.userAgent, meta.ip);
    const refreshToken = newSecret();
    em.persist([session, new RefreshToken(session.id, secretHash(refreshToken))]);
    await em.flush(); // the token's relation to the session orders the inserts
    return { ...this.accessToken(personId, session.id), refreshToken, sessionId: session.id };
  }

  async refresh(_ctx: RequestContext, presented: string): Promise<IssuedTokens> {
    const outcome = await this.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<TokenRow[]>(
        `select t.id as token_id, t.session_id, s.person_id, t.used_at, s.revoked_at, s.expires_at
           from refresh_token t join auth_session s on s.id = t.session_id
          where t.token_hash = ? for update of t, s`,
        [secretHash(presented)],
      );
      if (!row || row.revoked_at || new Date(row.expires_at) <= new Date()) return { kind: 'invalid' } as const;
      if (row.used_at) {
        // Committed before we answer: the revocation must stick even though the call fails.
        await tx.execute(`update auth_session set revoked_at = now(), revoked_reason = 'refresh token reuse' where id = ?`, [
          row.session_id,
        ]);
        return { kind: 'reused' } as const;
      }
      const next = newSecret();
      await tx.execute('update refresh_token set used_at = now() where id = ?', [row.token_id]);
      await tx.execute('insert into refresh_token (id, session_id, token_hash) values (gen_random_uuid(), ?, ?)', [
        row.session_id,
        secretHash(next),
      ]);
      await tx.execute('update auth_session set last_used_at = now() where id = ?', [row.session_id]);
      return { kind: 'rotated', personId: row.person_id, sessionId: row.session_id, refreshToken: next } as const;
    });
    if (outcome.kind === 'invalid') throw new RefreshTokenInvalidError();
    if (outcome.kind === 'reused') throw new RefreshTokenReusedError();
    return {
      ...this.accessToken(outcome.personId, outcome.sessionId),
      refreshToken: outcome.refreshToken,
      sessionId: outcome.sessionId,
    };
  }

  /**
   * Who an access token speaks for, or UNAUTHENTICATED when it is malformed, expired, or its
   * session has ended (so sign-out and revocation take effect at once, not after 15 minutes).
   */
  async authenticate(accessToken: string): Promise<Extract<Actor, { kind: 'person' }>> {
    // A token seen before, whose session no notification has ended since: no JWT work, no query.
    const known = this.cache.get(accessToken);
    if (known) return { kind: 'person', personId: known.personId, sessionId: known.sessionId };
    let claims: AccessClaims & { exp: number };
    try {
      claims = await this.jwt.verifyAsync<AccessClaims & { exp: number }>(accessToken, {
        secret: this.config.jwtSecret,
        algorithms: ['HS256'],
      });
    } catch {
      throw new UnauthenticatedError('Your access token is not valid or has expired; refresh it');
    }
    if (claims.typ !== 'access') throw new UnauthenticatedError();
    const epoch = this.cache.mark();
    const [session] = await this.em
      .fork()
      .execute<{ person_id: string; expires_at: Date }[]>(
        'select person_id, expires_at from auth_session where id = ? and revoked_at is null and expires_at > now()',
        [claims.sid],
      );
    if (!session || session.person_id !== claims.sub) throw new UnauthenticatedError('This session has ended; sign in again');
    const checked = { personId: claims.sub, sessionId: claims.sid };
    this.cache.remember(accessToken, epoch, checked, Math.min(claims.exp * 1000, new Date(session.expires_at).getTime()));
    return { kind: 'person', ...checked };
  }

  async list(ctx: RequestContext): Promise<AuthSession[]> {
    const personId = ctx.requirePerson();
    return this.em.find(
      AuthSession,
      { personId, revokedAt: null, expiresAt: { $gt: new Date() } },
      { orderBy: { lastUsedAt: 'desc' } },
    );
  }

  /** Ends one of the caller's own sessions; someone else's session id is NOT_FOUND. */
  async revoke(ctx: RequestContext, sessionId: string, reason = 'revoked by owner'): Promise<void> {
    const personId = ctx.requirePerson();
    const changed = await this.em.nativeUpdate(
      AuthSession,
      { id: sessionId, personId, revokedAt: null },
      { revokedAt: new Date(), revokedReason: reason },
    );
    if (changed === 0) throw new NotFoundError('Session');
    this.cache.forget(sessionId); // at once here; other processes hear the trigger's notification
  }

  async signOut(ctx: RequestContext): Promise<void> {
    if (ctx.actor.kind !== 'person') throw new UnauthenticatedError();
    await this.revoke(ctx, ctx.actor.sessionId, 'signed out');
  }

  private accessToken(personId: string, sessionId: string): Pick<IssuedTokens, 'accessToken' | 'accessTokenExpiresAt'> {
    const claims: AccessClaims = { sub: personId, sid: sessionId, typ: 'access' };
    const accessToken = this.jwt.sign(claims, {
      secret: this.config.jwtSecret,
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlS,
    });
    return { accessToken, accessTokenExpiresAt: new Date(Date.now() + this.config.accessTokenTtlS * 1000) };
  }
}
