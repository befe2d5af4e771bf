import { Migration } from '@mikro-orm/migrations';

/**
 * What shoppers browse by: product photos (a product shows once it has one), collections (named, ordered groups of products), full-text and
 * typo-tolerant search over products, and the businesses' opt-in to search across businesses.
 */
export class Migration20261130030000_catalog_browse extends Migration {
  override name = 'Migration20261130030000_catalog_browse';

  override up(): void {
    // Trusted since PostgreSQL 13: a database owner may create it without superuser rights.
    this.addSql('create extension if not exists pg_trgm;');

    this.addSql(`alter table "business" add column "listed_in_search" boolean not null default false;`);

    this.addSql(`
      alter table "product" add column "search_vector" tsvector generated always as (
        setweight(to_tsvector('simple'::regconfig, "name"), 'A'::"char") ||
        setweight(to_tsvector('simple'::regconfig, "description"), 'B'::"char")
      ) stored;`);
    this.addSql(`create index "product_search_idx" on "product" using gin ("search_vector");`);
    // Typo tolerance: word similarity of the query to the product name, served by this index.
    this.addSql(`create index "product_name_trgm_idx" on "product" using gin ("name" gin_trgm_ops);`);

    this.addSql(`
      create table "collection" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "name" text not null,
        "position" integer not null default 0,
        "created_at" timestamptz not null default now(),
        constraint "collection_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "collection_business_name_key" unique ("business_id", "name"),
        constraint "collection_name_check" check (char_length("name") >= 1 and char_length("name") <= 100)
      );`);

    this.addSql(`
      create table "collection_product" (
        "collection_id" uuid not null,
        "product_id" uuid not null,
        "position" integer not null,
        constraint "collection_product_pkey" primary key ("collection_id", "product_id"),
        constraint "collection_product_collection_id_foreign" foreign key ("collection_id") references "collection" ("id") on delete cascade,
        constraint "collection_product_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade
      );`);

    this.addSql(`
      create table "product_photo" (
        "product_id" uuid not null,
        "media_id" uuid not null,
        "position" integer not null,
        "width" integer not null,
        "height" integer not null,
        constraint "product_photo_pkey" primary key ("product_id", "media_id"),
        constraint "product_photo_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade,
        constraint "product_photo_media_id_foreign" foreign key ("media_id") references "media_asset" ("id"),
        constraint "product_photo_position_check" check ("position" >= 0 and "position" < 10)
      );`);
    // Whether a photo is still shown by some product, before media is told it may go.
    this.addSql(`create index "product_photo_media_idx" on "product_photo" ("media_id");`);
  }

  override down(): void {
    this.addSql('drop table if exists "product_photo";');
    this.addSql('drop table if exists "collection_product";');
    this.addSql('drop table if exists "collection";');
    this.addSql('drop index if exists "product_name_trgm_idx";');
    this.addSql('drop index if exists "product_search_idx";');
    this.addSql('alter table "product" drop column if exists "search_vector";');
    this.addSql('alter table "business" drop column if exists "listed_in_search";');
  }
}
