import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { authConfig, RateLimiter, type AuthConfig, type RequestContext } from '@kedai/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { CODE_SENDER, type CodeSender } from './code-sender';
import { Person } from './entities/person.entity';
import { SignInCode } from './entities/sign-in-code.entity';
import { CodeExpiredError, CodeInvalidError, CodeUsedError, TooManyAttemptsError } from './errors';
import { normalisePhone } from './phone';
import { SessionService, type IssuedTokens } from './session.service';
import { codeHash, newCode, sameHash } from './tokens';

export const CODE_TTL_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 5;
const SENDS_PER_PHONE = { max: 5, windowMs: 15 * 60_000 };
const SENDS_PER_IP = { max: 20, windowMs: 60 * 60_000 };

export interface CodeSent {
  phone: string;
  expiresAt: Date;
}

export interface SignedIn extends IssuedTokens {
  person: Person;
  newAccount: boolean;
}

interface LatestCode {
  attempts: number;
  consumed_at: Date | null;
  expires_at: Date;
}

/**
 * Phone sign-in with one-time codes: 6 digits, stored as an HMAC, single use, 5 minutes, at most
 * 5 guesses per code (claimed atomically before the comparison, so 200 parallel guesses still
 * evaluate at most 5), at most 5 sends per phone per 15 minutes and 20 per IP per hour.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly em: EntityManager,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    @Inject(CODE_SENDER) private readonly sender: CodeSender,
    @Inject(authConfig.KEY) private readonly config: AuthConfig,
  ) {}

  async requestCode(ctx: RequestContext, rawPhone: string): Promise<CodeSent> {
    const phone = normalisePhone(rawPhone);
    await this.limiter.hit(
      { key: `signin:phone:${phone}`, ...SENDS_PER_PHONE },
      ...(ctx.ip ? [{ key: `signin:ip:${ctx.ip}`, ...SENDS_PER_IP }] : []),
    );
    const code = newCode();
    const expiresAt = new Date(Date.now() + CODE_TTL_MS);
    await this.em.fork().transactional(async (tx) => {
      // Only the newest code of a phone counts; older ones stop working the moment a new one is sent.
      await tx.nativeUpdate(SignInCode, { phone, supersededAt: null, consumedAt: null }, { supersededAt: new Date() });
      tx.persist(new SignInCode(phone, codeHash(this.config.otpSecret, phone, code), expiresAt));
    });
    // After the commit: a crash before this line loses only a code the person can ask for again.
    await this.sender.send(phone, code);
    return { phone, expiresAt };
  }

  async verifyCode(ctx: RequestContext, rawPhone: string, code: string, userAgent?: string): Promise<SignedIn> {
    const phone = normalisePhone(rawPhone);
    const em = this.em.fork();
    // Claim one attempt first, atomically: the row lock makes parallel guesses queue, and the
    // WHERE is re-checked after each wait, so no more than MAX_ATTEMPTS ever pass.
    const [claimed] = await em.execute<{ id: string; code_hash: string }[]>(
      `update sign_in_code set attempts = attempts + 1
        where id = (select id from sign_in_code where phone = ? and superseded_at is null order by created_at desc limit 1)
          and attempts < ? and consumed_at is null and expires_at > now()
        returning id, code_hash`,
      [phone, MAX_ATTEMPTS],
    );
    if (!claimed) throw await this.whyNot(em, phone);
    if (!sameHash(claimed.code_hash, codeHash(this.config.otpSecret, phone, code))) throw new CodeInvalidError();

    return em.transactional(async (tx) => {
      const [consumed] = await tx.execute(
        'update sign_in_code set consumed_at = now() where id = ? and consumed_at is null returning id',
        [claimed.id],
      );
      if (!consumed) throw new CodeUsedError(); // a parallel request with the right code won
      const country = parsePhoneNumberFromString(phone)?.country;
      const inserted = await tx.execute<{ id: string }[]>(
        'insert into person (id, phone, country) values (gen_random_uuid(), ?, ?) on conflict (phone) do nothing returning id',
        [phone, country ?? null],
      );
      const person = await tx.findOneOrFail(Person, { phone });
      const tokens = await this.sessions.open(tx, person.id, { userAgent, ip: ctx.ip });
      return { ...tokens, person, newAccount: inserted.length > 0 };
    });
  }

  /**
   * Proves a signed-in person still holds their phone (a payment PIN reset, say): the same claim,
   * comparison and single use as sign-in, without opening a session.
   */
  async redeemCode(_ctx: RequestContext, rawPhone: string, code: string): Promise<void> {
    const phone = normalisePhone(rawPhone);
    const em = this.em.fork();
    const [claimed] = await em.execute<{ id: string; code_hash: string }[]>(
      `update sign_in_code set attempts = attempts + 1
        where id = (select id from sign_in_code where phone = ? and superseded_at is null order by created_at desc limit 1)
          and attempts < ? and consumed_at is null and expires_at > now()
        returning id, code_hash`,
      [phone, MAX_ATTEMPTS],
    );
    if (!claimed) throw await this.whyNot(em, phone);
    if (!sameHash(claimed.code_hash, codeHash(this.config.otpSecret, phone, code))) throw new CodeInvalidError();
    const [consumed] = await em.execute(
      'update sign_in_code set consumed_at = now() where id = ? and consumed_at is null returning id',
      [claimed.id],
    );
    if (!consumed) throw new CodeUsedError();
  }

  /** The precise reason a code cannot be used, for a typed error. */
  private async whyNot(em: EntityManager, phone: string): Promise<Error> {
    const [latest] = await em.execute<LatestCode[]>(
      'select attempts, consumed_at, expires_at from sign_in_code where phone = ? and superseded_at is null order by created_at desc limit 1',
      [phone],
    );
    if (!latest) return new CodeInvalidError();
    if (latest.consumed_at) return new CodeUsedError();
    if (latest.attempts >= MAX_ATTEMPTS) return new TooManyAttemptsError();
    if (new Date(latest.expires_at) <= new Date()) return new CodeExpiredError();
    return new CodeInvalidError();
  }
}
