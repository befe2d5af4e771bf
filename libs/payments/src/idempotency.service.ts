import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, Sql, type RequestContext } from '@kedai/core';
import { IdempotencyMismatchError, RequestInProgressError } from './errors';

/** How long a request's claim on its key lasts unless its owner renews it: a crashed owner frees the key this soon. */
export const LEASE_MS = 8_000;
/** How often a running owner renews its lease (well inside LEASE_MS, so a busy event loop does not lose it). */
export const RENEW_EVERY_MS = 2_000;
/** How long a duplicate waits for the first request's outcome before answering REQUEST_IN_PROGRESS. */
export const WAIT_MAX_MS = 12_000;

/**
 * Refusals that are decided outcomes, stored and replayed like a success (Stripe stores a
 * decline): the money step ran and said no. Every other refusal (validation, eligibility, PIN,
 * not payable, conflicts) is something the caller can fix, so it releases the key and the fixed
 * retry runs fresh.
 */
const DECIDED_REFUSALS = new Set(['PAYMENT_DECLINED', 'INSUFFICIENT_FUNDS']);

type StoredError = { code: string; message: string; status: number; details: Record<string, unknown> };
type Stored = { ok: unknown } | { error: StoredError };

interface Row {
  request_hash: string;
  status: 'in_progress' | 'done';
  response: Stored | null;
}

/** What a request's work may ask about its own run. */
export interface IdempotentRun {
  /** True when this run took over a key whose previous owner stopped (crashed) before deciding. */
  takeover: boolean;
  /**
   * The statement that records `result` as this run's answer, for the work to run as part of its
   * own last statement (a data-modifying CTE), so the answer commits with the effect it answers,
   * written with `?` placeholders (see `numbered`),
   * and only when that statement's CTE `guard` has a row; null when the request has no key. Once the work's statement ran, it calls `answered()` and
   * returns that same result: the run then writes no answer of its own.
   */
  answerIn(result: unknown, guard: string): { sql: string; params: unknown[] } | null;
  answered(): void;
}

/** JSON with object keys sorted, so the same parameters always hash the same, whatever their order. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}

/** Who a key belongs to: two callers' keys never collide. */
export function actorScope(ctx: RequestContext, operation: string): string {
  const a = ctx.actor;
  const who = a.kind === 'person' ? `person:${a.personId}` : a.kind === 'business' ? `business:${a.businessId}` : a.kind;
  return `${who}:${operation}`;
}

/** A stable reference derived from a scope and key, for a third party's own idempotency (the PSP's charge reference). */
export function keyReference(scope: string, key: string): string {
  return createHash('sha256').update(`${scope}\u0000${key}`).digest('base64url').slice(0, 32);
}

/**
 * A UUID (version 8) derived from a scope and key: what a one-call request names the row it
 * creates, so a retry that takes the key over (or runs again after a released key) finds the row
 * the first try wrote instead of writing a second.
 */
export function keyedId(scope: string, key: string): string {
  const h = createHash('sha256').update(`id\u0000${scope}\u0000${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * Stripe's idempotency semantics, kept in PostgreSQL.
 *
 * - The first request with a key claims it (one INSERT, so concurrent duplicates cannot both
 *   win) with an owner id and a lease of LEASE_MS, renewed every RENEW_EVERY_MS while it works.
 * - A duplicate with the same parameters WAITS (up to WAIT_MAX_MS) for the first one's outcome
 *   and answers it; only if the first is still running after that does it get REQUEST_IN_PROGRESS.
 * - Only decided outcomes are stored and replayed: a success, or a decline (DECIDED_REFUSALS).
 *   A validation or eligibility refusal, and any unexpected error, releases the key: a retry
 *   after fixing the cause (a date of birth, a PIN) runs fresh, and a waiting duplicate runs too.
 * - The same key with other parameters is IDEMPOTENCY_MISMATCH.
 * - An owner that dies (an API process killed mid-request) stops renewing: its lease lapses
 *   within LEASE_MS and the next retry takes the key over (`takeover: true`), so the work must
 *   be safe to run again, which it is when every effect below has an idempotency key of its own.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  // Plain statements on MikroORM's pool (Sql): every keyed request runs two of them, prepared.
  constructor(private readonly sql: Sql) {}

  async run<T>(scope: string, key: string | undefined, params: unknown, work: (run: IdempotentRun) => Promise<T>): Promise<T> {
    if (!key) return work({ takeover: false, answerIn: () => null, answered: () => undefined });
    const hash = createHash('sha256').update(stableJson(params)).digest('hex');
    const deadline = Date.now() + WAIT_MAX_MS;
    let pause = 20;
    for (;;) {
      const owner = randomUUID();
      const claimed = await this.sql.prepared<{ takeover: boolean }>(
        `insert into idempotency_record (scope, key, request_hash, owner, lease_until)
           values ($1, $2, $3, $4, now() + make_interval(secs => $5))
         on conflict (scope, key) do update set owner = excluded.owner, lease_until = excluded.lease_until, created_at = now()
           where idempotency_record.status = 'in_progress' and idempotency_record.request_hash = excluded.request_hash
             and idempotency_record.lease_until < now()
         returning (xmax <> 0) as takeover`,
        [scope, key, hash, owner, LEASE_MS / 1000],
      );
      if (claimed.length > 0) return this.own(scope, key, owner, claimed[0].takeover, work);
      const [row] = await this.sql.query<Row>(
        'select request_hash, status, response from idempotency_record where scope = $1 and key = $2',
        [scope, key],
      );
      if (!row) continue; // released a moment ago (a refusal, or an error): claim it and run
      if (row.request_hash !== hash) throw new IdempotencyMismatchError();
      if (row.status === 'done' && row.response) return this.unwrap<T>(row.response);
      if (Date.now() + pause > deadline) throw new RequestInProgressError();
      await sleep(pause);
      pause = Math.min(pause * 2, 250);
    }
  }

  /** The stored success for a key, if its request finished with one (for a caller resuming after a crash). */
  async succeeded<T>(scope: string, key: string): Promise<T | undefined> {
    const [row] = await this.sql.query<Row>(
      "select request_hash, status, response from idempotency_record where scope = $1 and key = $2 and status = 'done'",
      [scope, key],
    );
    return row?.response && 'ok' in row.response ? (row.response.ok as T) : undefined;
  }

  private async own<T>(
    scope: string,
    key: string,
    owner: string,
    takeover: boolean,
    work: (run: IdempotentRun) => Promise<T>,
  ): Promise<T> {
    if (takeover) this.logger.warn({ scope, key }, 'idempotency key taken over from an owner that stopped');
    const renew = setInterval(() => {
      this.sql
        .query(
          `update idempotency_record set lease_until = now() + make_interval(secs => $1)
            where scope = $2 and key = $3 and owner = $4 and status = 'in_progress'`,
          [LEASE_MS / 1000, scope, key, owner],
        )
        .catch((err: Error) => this.logger.warn({ scope, err: err.message }, 'could not renew an idempotency lease'));
    }, RENEW_EVERY_MS);
    renew.unref();
    let stored: Stored;
    let answered = false;
    const run: IdempotentRun = {
      takeover,
      answerIn: (result, guard) => ({
        sql: `update idempotency_record set status = 'done', response = ?::jsonb, completed_at = now(), lease_until = null
               where scope = ? and key = ? and owner = ? and exists (select 1 from ${guard})`,
        params: [JSON.stringify({ ok: result }), scope, key, owner],
      }),
      answered: () => {
        answered = true;
      },
    };
    try {
      stored = { ok: await work(run) };
    } catch (err) {
      if (!(err instanceof DomainError) || !DECIDED_REFUSALS.has(err.code)) {
        clearInterval(renew);
        // Never a recorded answer (a work that recorded its own and failed after): only this run's claim.
        await this.sql.query(
          "delete from idempotency_record where scope = $1 and key = $2 and owner = $3 and status = 'in_progress'",
          [scope, key, owner],
        );
        throw err;
      }
      stored = { error: { code: err.code, message: err.message, status: err.httpStatus, details: err.details } };
    }
    clearInterval(renew);
    if (answered) return this.unwrap<T>(stored);
    await this.sql.prepared(
      `update idempotency_record set status = 'done', response = $1::jsonb, completed_at = now(), lease_until = null
        where scope = $2 and key = $3 and owner = $4`,
      [JSON.stringify(stored), scope, key, owner],
    );
    return this.unwrap<T>(stored);
  }

  private unwrap<T>(stored: Stored): T {
    if ('ok' in stored) return stored.ok as T;
    const e = stored.error;
    throw new DomainError(e.code, e.message, e.status, e.details);
  }
}
