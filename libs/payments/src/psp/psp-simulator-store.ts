import { Injectable } from '@nestjs/common';
import { numbered, Sql } from '@kedai/core';

export type EntryKind = 'source' | 'charge' | 'ref' | 'refund' | 'payout' | 'dispute';

/**
 * The simulator's key-value records in `psp_simulator_entry`. Every statement runs on a pool
 * connection of its own, never inside the caller's transaction: the PSP is "remote", and what it
 * did must not be rolled back with our side's transaction, just as a real charge would not be.
 */
@Injectable()
export class PspSimulatorStore {
  constructor(private readonly db: Sql) {}

  private sql<T>(query: string, params: unknown[]): Promise<T[]> {
    // Prepared: a handful of fixed texts, run several times for every payment.
    return this.db.prepared<T & object>(numbered(query), params);
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

  /** `claim`, and only when this call claimed it, another entry written in the same statement. */
  async claimWith(
    kind: EntryKind,
    key: string,
    value: unknown,
    alsoKind: EntryKind,
    alsoKey: string,
    alsoValue: unknown,
  ): Promise<boolean> {
    const rows = await this.sql(
      `with c as (insert into psp_simulator_entry (kind, key, value) values (?, ?, ?::jsonb) on conflict do nothing returning 1)
       insert into psp_simulator_entry (kind, key, value) select ?, ?, ?::jsonb from c returning 1`,
      [kind, key, JSON.stringify(value), alsoKind, alsoKey, JSON.stringify(alsoValue)],
    );
    return rows.length === 1;
  }

  async delete(kind: EntryKind, key: string): Promise<void> {
    await this.sql(`delete from psp_simulator_entry where kind = ? and key = ?`, [kind, key]);
  }
}
