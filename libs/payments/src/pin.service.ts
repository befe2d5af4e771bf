import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { InvalidInputError, type RequestContext } from '@kedai/core';
import { PersonService, SignInService } from '@kedai/identity';
import { MAX_PIN_ATTEMPTS } from './entities/payment-pin.entity';
import { PinAlreadySetError, PinInvalidError, PinLockedError, PinNotSetError, PinRequiredError } from './errors';

export const PIN_LOCK_MINUTES = 30;
const PIN = /^\d{4,6}$/;
// OWASP's argon2id minimum (19 MiB, 2 passes): ~20 ms a check, paid only by the PIN's owner.
// 2 is Algorithm.Argon2id (a const enum, which transpile-only builds cannot inline).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export interface PinStatus {
  set: boolean;
  lockedUntil: Date | null;
}

/**
 * The optional payment PIN. Every guess first claims one of the five tries with a single guarded
 * UPDATE … RETURNING (the row lock queues parallel guesses and the WHERE is re-checked after each
 * wait), and the fifth claim sets the 30-minute lock in the same statement: however many guesses
 * arrive at once, at most five are ever compared, and the count and lock live in PostgreSQL.
 */
@Injectable()
export class PinService {
  constructor(
    private readonly em: EntityManager,
    private readonly signIn: SignInService,
    private readonly people: PersonService,
  ) {}

  async status(ctx: RequestContext): Promise<PinStatus> {
    const personId = ctx.requirePerson();
    const [row] = await this.em.execute<{ locked_until: Date | null }[]>(
      'select case when locked_until > now() then locked_until end as locked_until from payment_pin where person_id = ?',
      [personId],
    );
    return { set: !!row, lockedUntil: row?.locked_until ? new Date(row.locked_until) : null };
  }

  async set(ctx: RequestContext, pin: string): Promise<PinStatus> {
    const personId = ctx.requirePerson();
    assertPin(pin);
    const pinHash = await hash(pin, ARGON2);
    const inserted = await this.em.execute(
      'insert into payment_pin (person_id, pin_hash) values (?, ?) on conflict (person_id) do nothing returning person_id',
      [personId, pinHash],
    );
    if (inserted.length === 0) throw new PinAlreadySetError();
    return { set: true, lockedUntil: null };
  }

  async change(ctx: RequestContext, currentPin: string, newPin: string): Promise<PinStatus> {
    const personId = ctx.requirePerson();
    assertPin(newPin);
    await this.check(ctx, currentPin);
    await this.replace(personId, newPin);
    return { set: true, lockedUntil: null };
  }

  /** Sends a sign-in code to the person's own phone, to prove it is them before a forgotten PIN is reset. */
  async requestReset(ctx: RequestContext): Promise<{ phone: string; expiresAt: Date }> {
    const personId = ctx.requirePerson();
    const phone = await this.people.phoneOf(ctx, personId);
    return this.signIn.requestCode(ctx, phone);
  }

  /** Replaces the PIN once the sign-in code sent to the person's phone is given; clears the lock. */
  async reset(ctx: RequestContext, code: string, newPin: string): Promise<PinStatus> {
    const personId = ctx.requirePerson();
    assertPin(newPin);
    const phone = await this.people.phoneOf(ctx, personId);
    await this.signIn.redeemCode(ctx, phone, code);
    await this.replace(personId, newPin);
    return { set: true, lockedUntil: null };
  }

  /** For payments: passes when no PIN is set; otherwise the PIN must be given and right. */
  async requireIfSet(ctx: RequestContext, pin: string | undefined): Promise<void> {
    const personId = ctx.requirePerson();
    const [row] = await this.em.execute<{ person_id: string }[]>('select person_id from payment_pin where person_id = ?', [
      personId,
    ]);
    if (!row) return;
    await this.requireSet(ctx, pin);
  }

  /** `requireIfSet` for a caller that has read, with its own things, that the person has a PIN. */
  async requireSet(ctx: RequestContext, pin: string | undefined): Promise<void> {
    if (pin === undefined || pin === null) throw new PinRequiredError();
    await this.check(ctx, pin);
  }

  /** Claims a try, compares, and resets the count on success. */
  private async check(ctx: RequestContext, pin: string): Promise<void> {
    const personId = ctx.requirePerson();
    const em = this.em.fork();
    // A lock that has run out starts a fresh count; the claim that uses the last try sets the lock.
    const [claimed] = await em.execute<{ pin_hash: string; failed_attempts: number }[]>(
      `update payment_pin set
          failed_attempts = case when locked_until <= now() then 1 else failed_attempts + 1 end,
          locked_until = case
            when locked_until <= now() then null
            when failed_attempts + 1 >= ? then now() + make_interval(mins => ?)
            else locked_until end,
          updated_at = now()
        where person_id = ? and (locked_until <= now() or (locked_until is null and failed_attempts < ?))
        returning pin_hash, failed_attempts`,
      [MAX_PIN_ATTEMPTS, PIN_LOCK_MINUTES, personId, MAX_PIN_ATTEMPTS],
    );
    if (!claimed) throw await this.whyNot(em, personId);
    const ok = PIN.test(pin) && (await verify(claimed.pin_hash, pin));
    if (ok) {
      await em.execute('update payment_pin set failed_attempts = 0, locked_until = null where person_id = ?', [personId]);
      return;
    }
    throw new PinInvalidError(Math.max(0, MAX_PIN_ATTEMPTS - claimed.failed_attempts));
  }

  private async whyNot(em: EntityManager, personId: string): Promise<Error> {
    const [row] = await em.execute<{ locked_until: Date | null }[]>('select locked_until from payment_pin where person_id = ?', [
      personId,
    ]);
    if (!row) return new PinNotSetError();
    return new PinLockedError(row.locked_until ? new Date(row.locked_until) : new Date(Date.now() + PIN_LOCK_MINUTES * 60_000));
  }

  private async replace(personId: string, pin: string): Promise<void> {
    const pinHash = await hash(pin, ARGON2);
    const updated = await this.em.execute(
      'update payment_pin set pin_hash = ?, failed_attempts = 0, locked_until = null, updated_at = now() where person_id = ? returning person_id',
      [pinHash, personId],
    );
    if (updated.length === 0) throw new PinNotSetError();
  }
}

function assertPin(pin: string): void {
  if (!PIN.test(pin)) throw new InvalidInputError([{ field: 'pin', messages: ['A PIN is 4 to 6 digits'] }]);
}
