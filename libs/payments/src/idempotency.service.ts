import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { DomainError, type RequestContext } from '@kedai/core';
import { IdempotencyMismatchError, RequestInProgressError } from './errors';

/** A request still marked in progress after this long was abandoned (its process died): the next retry takes it over. */
const STALE_AFTER_S = 60;

type Stored = { ok: unknown } | { error: { code: string; message: string; status: number; details: Record<string, unknown> } };

function stableJson(value: unknown): string {
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

/**
 * Stripe's idempotency semantics, kept in PostgreSQL: the first request with a key claims it
 * (one INSERT, so concurrent duplicates cannot both win), runs, and stores its answer, success
 * or typed error; a retry with the same parameters gets that answer replayed; the same key with
 * other parameters is IDEMPOTENCY_MISMATCH; a duplicate while the first still runs is
 * REQUEST_IN_PROGRESS. An unexpected error releases the key, so the client may retry.
 */
@Injectable()
export class IdempotencyService {
  constructor(private readonly em: EntityManager) {}

  async run<T>(scope: string, key: string | undefined, params: unknown, work: () => Promise<T>): Promise<T> {
    if (!key) return work();
    const hash = createHash('sha256').update(stableJson(params)).digest('hex');
    const em = this.em.fork();
    const claimed = await em.execute<{ key: string }[]>(
      `insert into idempotency_record (scope, key, request_hash) values (?, ?, ?)
       on conflict (scope, key) do update set created_at = now()
         where idempotency_record.status = 'in_progress' and idempotency_record.request_hash = excluded.request_hash
           and idempotency_record.created_at < now() - make_interval(secs => ?)
       returning key`,
      [scope, key, hash, STALE_AFTER_S],
    );
    if (claimed.length === 0) return this.replay<T>(em, scope, key, hash);
    let stored: Stored;
    try {
      const result = await work();
      stored = { ok: result };
    } catch (err) {
      if (!(err instanceof DomainError)) {
        await em.execute('delete from idempotency_record where scope = ? and key = ?', [scope, key]);
        throw err;
      }
      stored = { error: { code: err.code, message: err.message, status: err.httpStatus, details: err.details } };
    }
    await em.execute(
      `update idempotency_record set status = 'done', response = ?::jsonb, completed_at = now() where scope = ? and key = ?`,
      [JSON.stringify(stored), scope, key],
    );
    return this.unwrap<T>(stored);
  }

  private async replay<T>(em: EntityManager, scope: string, key: string, hash: string): Promise<T> {
    const [row] = await em.execute<{ request_hash: string; status: string; response: Stored | null }[]>(
      'select request_hash, status, response from idempotency_record where scope = ? and key = ?',
      [scope, key],
    );
    if (!row) throw new RequestInProgressError(); // released a moment ago by a failed first try
    if (row.request_hash !== hash) throw new IdempotencyMismatchError();
    if (row.status !== 'done' || !row.response) throw new RequestInProgressError();
    return this.unwrap<T>(row.response);
  }

  private unwrap<T>(stored: Stored): T {
    if ('ok' in stored) return stored.ok as T;
    const e = stored.error;
    throw new DomainError(e.code, e.message, e.status, e.details);
  }
}
