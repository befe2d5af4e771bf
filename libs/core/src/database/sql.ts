import { createHash } from 'node:crypto';
import { MikroORM, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { Pool, QueryResult, QueryResultRow } from 'pg';

/** What a statement runs on: the pool (one statement, its own transaction) or a transaction's client. */
export interface Querier {
  /**
   * With `prepared`, the statement is prepared once per connection under that name and only its
   * parameters travel afterwards: PostgreSQL neither receives nor parses and plans the text again.
   * For long statements run all the time (a message's CTE); the name must stand for this one text.
   */
  query<R extends QueryResultRow = QueryResultRow>(text: string, params?: unknown[], prepared?: string): Promise<R[]>;
}

/**
 * Plain parameterised SQL on the primary, through MikroORM's own pg pool (no second pool, the same
 * connection limits). For hot write paths whose statements are written by hand anyway: MikroORM's
 * `execute` costs about 0.23 ms of CPU per statement against pg's 0.10 (bench/README.md, "what
 * MikroORM's execute costs per statement"), and a path of a few set-based statements gains nothing
 * from the unit of work. Everything else keeps the EntityManager.
 *
 * Nothing here knows about MikroORM's identity map: an entity loaded in the same request is not
 * refreshed by a write made here.
 */
@Injectable()
export class Sql implements Querier {
  private pool?: Promise<Pool>;

  constructor(private readonly orm: MikroORM) {}

  async query<R extends QueryResultRow = QueryResultRow>(text: string, params: unknown[] = [], prepared?: string): Promise<R[]> {
    return (await (await this.native()).query<R>(prepared ? { name: prepared, text, values: params } : { text, values: params }))
      .rows;
  }

  /**
   * `query` as a named prepared statement: PostgreSQL parses and plans it once per connection (and
   * after five runs keeps a generic plan) instead of at every run. For hot statements of a fixed
   * text run thousands of times: planning the support bot's turn read cost the server 0.6-0.7 ms
   * of CPU a time, running it 0.1 ms (bench/README.md, support, 2026-12-06). The name comes from
   * the text, so a text is one statement on every connection. Never for texts with values inlined
   * (each would stay prepared on every connection), nor for `select *` / `returning *` (a column
   * added by a migration would break the cached plan's result type).
   */
  async prepared<R extends QueryResultRow = QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
    return this.query<R>(text, params, statementName(text));
  }

  /** A Querier whose statements run prepared (`prepared`), for code that takes one (chat's MessageWriter). */
  readonly preparing: Querier = { query: (text, params, name) => this.query(text, params, name ?? statementName(text)) };

  /**
   * Runs `work` in one transaction on one connection: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown). A connection whose ROLLBACK failed is destroyed, not reused.
   * BEGIN goes with the first statement: in the same round trip when that statement has no
   * parameters (PostgreSQL's simple protocol runs both), and not at all when `work` runs none.
   */
  async transaction<T>(work: (tx: Querier) => Promise<T>, isolation?: 'repeatable read' | 'serializable'): Promise<T> {
    const client = await (await this.native()).connect();
    const begin = isolation ? `begin isolation level ${isolation}` : 'begin';
    let begun = false;
    let broken: Error | undefined;
    const tx: Querier = {
      query: async <R extends QueryResultRow>(text: string, params: unknown[] = [], prepared?: string) => {
        const statement = prepared ? { name: prepared, text, values: params } : { text, values: params };
        if (begun) return (await client.query<R>(statement)).rows;
        begun = true;
        if (params.length > 0 || prepared) {
          await client.query(begin);
          return (await client.query<R>(statement)).rows;
        }
        const results = (await client.query(`${begin}; ${text}`)) as unknown as QueryResult<R>[];
        return results[results.length - 1].rows;
      },
    };
    try {
      const result = await work(tx);
      if (begun) await client.query('commit');
      return result;
    } catch (e) {
      if (begun) await client.query('rollback').catch((r: Error) => (broken = r));
      throw e;
    } finally {
      client.release(broken);
    }
  }

  private native(): Promise<Pool> {
    this.pool ??= (this.orm.em.getConnection('write') as PostgreSqlConnection).getNativeClient().catch((e: unknown) => {
      this.pool = undefined; // a pool that failed to connect is asked for again next time
      throw e;
    });
    return this.pool;
  }
}

/**
 * A statement written with MikroORM's `?` placeholders in pg's numbered form (`$1`, `$2`, …), for
 * statements assembled from parts (a ledger posting's CTEs, an idempotency answer) or shared with
 * an EntityManager caller, to run on `Sql`. The text must use `?` only as placeholders (no jsonb
 * `?` operators, no `??` identifiers), and no array parameter stands for a list (pg sends one array).
 */
export function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

const statementNames = new Map<string, string>();

/**
 * A prepared statement's name (Querier's `prepared`): a digest of its text, so a text is one
 * statement on every connection whoever runs it; remembered for the first few hundred texts.
 */
export function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `k${createHash('sha1').update(text).digest('base64url')}`;
    if (statementNames.size < 256) statementNames.set(text, name);
  }
  return name;
}

/** pg's unique_violation (23505): what a duplicate key raises on `Sql` (MikroORM wraps it in its own exception). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
