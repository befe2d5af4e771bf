import { Migration } from '@mikro-orm/migrations';

/**
 * The PSP simulator's state moves from Redis to PostgreSQL (issue 13, item 4): a Redis that
 * restarted empty made every saved card "Unknown payment method". Its entries were keyed by
 * kind and id; nothing is carried over (the simulator is for development and tests).
 */
export class Migration20261205110000_psp_simulator_entry extends Migration {
  override name = 'Migration20261205110000_psp_simulator_entry';

  override up(): void {
    this.addSql(`
      create table "psp_simulator_entry" (
        "kind" text not null,
        "key" text not null,
        "value" jsonb not null,
        "created_at" timestamptz not null default now(),
        constraint "psp_simulator_entry_pkey" primary key ("kind", "key")
      );`);
  }

  override down(): void {
    this.addSql('drop table if exists "psp_simulator_entry";');
  }
}
