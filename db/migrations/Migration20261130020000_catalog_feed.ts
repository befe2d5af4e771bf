import { Migration } from '@mikro-orm/migrations';

/** Catalog CSV imports and exports: each one's progress, result and errors (issue #5). */
export class Migration20261130020000_catalog_feed extends Migration {
  override name = 'Migration20261130020000_catalog_feed';

  override up(): void {
    this.addSql(`
      create table "catalog_import" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "created_by" uuid null,
        "kind" text not null,
        "status" text not null default 'queued',
        "total_rows" integer not null default 0,
        "processed_rows" integer not null default 0,
        "created_count" integer not null default 0,
        "updated_count" integer not null default 0,
        "unchanged_count" integer not null default 0,
        "error_count" integer not null default 0,
        "errors" jsonb not null default '[]',
        "input" text null,
        "output" text null,
        "attempts" integer not null default 0,
        "created_at" timestamptz not null default now(),
        "started_at" timestamptz null,
        "finished_at" timestamptz null,
        constraint "catalog_import_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "catalog_import_created_by_foreign" foreign key ("created_by") references "person" ("id") on delete set null,
        constraint "catalog_import_kind_check" check ("kind" in ('import', 'export')),
        constraint "catalog_import_status_check" check ("status" in ('queued', 'running', 'succeeded', 'failed')),
        constraint "catalog_import_rows_check" check ("processed_rows" >= 0 and "processed_rows" <= "total_rows"),
        constraint "catalog_import_counts_check" check ("created_count" >= 0 and "updated_count" >= 0 and "unchanged_count" >= 0 and "error_count" >= 0),
        constraint "catalog_import_errors_check" check (jsonb_typeof("errors") = 'array'),
        constraint "catalog_import_input_check" check (("kind" = 'import') = ("input" is not null)),
        -- 5 MiB, as MAX_IMPORT_BYTES: the API refuses bigger files first, with a typed error.
        constraint "catalog_import_input_size_check" check (octet_length("input") <= 5242880)
      );`);
    // A business's imports, newest first (catalogImports).
    this.addSql(`create index "catalog_import_business_created_idx" on "catalog_import" ("business_id", "created_at");`);
  }

  override down(): void {
    this.addSql('drop table if exists "catalog_import";');
  }
}
