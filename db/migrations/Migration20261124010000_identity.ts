import { Migration } from '@mikro-orm/migrations';

/** Identity: people, one-time sign-in codes, sessions and their rotating refresh tokens. */
export class Migration20261124010000_identity extends Migration {
  override name = 'Migration20261124010000_identity';

  override up(): void {
    this.addSql(`
      create table "person" (
        "id" uuid primary key,
        "phone" text not null check ("phone" ~ '^\\+[1-9][0-9]{6,14}$'),
        "handle" text null check ("handle" ~ '^[a-z0-9][a-z0-9._]{1,28}[a-z0-9]$'),
        "display_name" text not null default '' check (char_length("display_name") <= 100),
        "country" character(2) null check ("country" ~ '^[A-Z]{2}$'),
        "date_of_birth" date null,
        "avatar_url" text null,
        "phone_verified_at" timestamptz not null default now(),
        "created_at" timestamptz not null default now(),
        constraint "person_phone_key" unique ("phone"),
        constraint "person_handle_key" unique ("handle")
      );`);

    this.addSql(`
      create table "sign_in_code" (
        "id" uuid primary key,
        "phone" text not null,
        "code_hash" text not null,
        "expires_at" timestamptz not null,
        "attempts" smallint not null default 0 check ("attempts" >= 0),
        "consumed_at" timestamptz null,
        "superseded_at" timestamptz null,
        "created_at" timestamptz not null default now()
      );`);
    this.addSql(`create index "sign_in_code_phone_idx" on "sign_in_code" ("phone", "created_at");`);

    this.addSql(`
      create table "auth_session" (
        "id" uuid primary key,
        "person_id" uuid not null,
        "user_agent" text not null default '',
        "ip" text null,
        "created_at" timestamptz not null default now(),
        "last_used_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "revoked_at" timestamptz null,
        "revoked_reason" text null,
        constraint "auth_session_person_id_foreign" foreign key ("person_id") references "person" ("id") on update no action on delete cascade
      );`);
    this.addSql(`create index "auth_session_person_idx" on "auth_session" ("person_id");`);

    this.addSql(`
      create table "refresh_token" (
        "id" uuid primary key,
        "session_id" uuid not null,
        "token_hash" text not null,
        "created_at" timestamptz not null default now(),
        "used_at" timestamptz null,
        constraint "refresh_token_hash_key" unique ("token_hash"),
        constraint "refresh_token_session_id_foreign" foreign key ("session_id") references "auth_session" ("id") on update no action on delete cascade
      );`);
    this.addSql(`create index "refresh_token_session_idx" on "refresh_token" ("session_id");`);
  }

  override down(): void {
    this.addSql('drop table if exists "refresh_token";');
    this.addSql('drop table if exists "auth_session";');
    this.addSql('drop table if exists "sign_in_code";');
    this.addSql('drop table if exists "person";');
  }
}
