import { Migration } from '@mikro-orm/migrations';

/** Foundation: the transactional outbox, idempotent effects, and business accounts. */
export class Migration20261124000000_foundation extends Migration {
  override name = 'Migration20261124000000_foundation';

  override up(): void {
    this.addSql(`
      create table "outbox" (
        "id" uuid primary key,
        "queue" text not null check ("queue" <> ''),
        "name" text not null check ("name" <> ''),
        "payload" jsonb not null,
        "created_at" timestamptz not null default now(),
        "available_at" timestamptz not null default now(),
        "sent_at" timestamptz null
      );`);
    // The relay only ever scans unsent rows that are due; keep that index small.
    this.addSql(`create index "outbox_pending_idx" on "outbox" ("available_at", "id") where "sent_at" is null;`);

    this.addSql(`
      create table "processed_effect" (
        "key" text primary key,
        "processed_at" timestamptz not null default now()
      );`);

    this.addSql(`
      create table "business" (
        "id" uuid primary key,
        "handle" text not null,
        "name" text not null check (char_length("name") between 1 and 200),
        "description" text not null default '',
        "category" text not null default '',
        "currency" character(3) not null check ("currency" ~ '^[A-Z]{3}$'),
        "country" character(2) not null check ("country" ~ '^[A-Z]{2}$'),
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "business_handle_key" unique ("handle"),
        constraint "business_handle_format" check ("handle" ~ '^[a-z0-9][a-z0-9._]{1,28}[a-z0-9]$')
      );`);
  }

  override down(): void {
    this.addSql('drop table if exists "business";');
    this.addSql('drop table if exists "processed_effect";');
    this.addSql('drop table if exists "outbox";');
  }
}
