import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type EntryKind = 'source' | 'charge' | 'ref' | 'refund' | 'payout' | 'dispute';

/**
 * The simulator's key-value records in `psp_simulator_entry`. Every statement runs on a pool
 * connection of its own, never inside the caller's transaction: the PSP is "remote", and what it
 * did must not be rolled back with our side's transaction, just as a real charge would not be.
 */
@Injectable()
export class PspSimulatorStore {
  constructor(private readonly orm: MikroORM) {}

  private sql<T>(query: string, params: unknown[]): Promise<T[]> {
    return this.orm.em.getConnection().execute<T[]>(query, params);
  }

  async get<T>(kind: EntryKind, key: string): Promise<T | null> {
    const rows = await this.sql<{ value: T }>(`select value from psp_simulator_entry where kind = ? and key = ?`, [kind, key]);
    return rows[0]?.value ?? null;
  }

  async put(kind: EntryKind, key: string, value: unknown): Promise<void> {
    await this.sql(
      `insert into psp_simulator_entry (kind, key, value) values (?, ?, ?::jsonb)
       on conflict (kind, key) do update set value = excluded.value`,
      [kind, key, JSON.stringify(value)],
    );
  }

  /** Stores `value` unless the key is taken; answers whether this call stored it (SET NX). */
  async claim(kind: EntryKind, key: string, value: unknown): Promise<boolean> {
    const rows = await this.sql(
      `insert into psp_simulator_entry (kind, key, value) values (?, ?, ?::jsonb) on conflict do nothing returning 1`,
      [kind, key, JSON.stringify(value)],
    );
    return rows.length === 1;
  }

  /** `claim`, and in the same statement the value of another key (read as it was before the claim). */
  async claimAndGet<T>(
    kind: EntryKind,
    key: string,
    value: unknown,
    readKind: EntryKind,
    readKey: string,
  ): Promise<{ claimed: boolean; read: T | null }> {
    const [row] = await this.sql<{ claimed: boolean; read: T | null }>(
      `with c as (insert into psp_simulator_entry (kind, key, value) values (?, ?, ?::jsonb) on conflict do nothing returning 1)
       select exists (select 1 from c) as claimed, (select value from psp_simulator_entry where kind = ? and key = ?) as read`,
      [kind, key, JSON.stringify(value), readKind, readKey],
    );
    return { claimed: row.claimed, read: row.read ?? null };
  }

  async delete(kind: EntryKind, key: string): Promise<void> {
    await this.sql(`delete from psp_simulator_entry where kind = ? and key = ?`, [kind, key]);
  }
}
