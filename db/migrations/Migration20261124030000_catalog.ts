import { Migration } from '@mikro-orm/migrations';

/** The catalog's first slice: products and their variants, prices in integer minor units. */
export class Migration20261124030000_catalog extends Migration {
  override name = 'Migration20261124030000_catalog';

  override up(): void {
    this.addSql(`
      create table "product" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "retailer_id" text not null,
        "name" text not null,
        "description" text not null default '',
        "price_minor" bigint not null,
        "sale_price_minor" bigint null,
        "currency" character(3) not null,
        "availability" text not null default 'in_stock',
        "archived_at" timestamptz null,
        "position" integer not null default 0,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "product_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "product_business_retailer_id_key" unique ("business_id", "retailer_id"),
        constraint "product_name_check" check (char_length("name") >= 1 and char_length("name") <= 200),
        constraint "product_description_check" check (char_length("description") <= 5000),
        constraint "product_retailer_id_check" check ("retailer_id" <> ''),
        constraint "product_price_check" check ("price_minor" > 0 and "price_minor" <= 1000000000000),
        constraint "product_sale_price_check" check ("sale_price_minor" > 0 and "sale_price_minor" < "price_minor"),
        constraint "product_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "product_availability_check" check ("availability" in ('in_stock', 'out_of_stock', 'hidden'))
      );`);
    // The shopper's catalog page: a business's products in position order, keyset-paged on (position, id).
    this.addSql(`create index "product_business_position_idx" on "product" ("business_id", "position", "id");`);

    this.addSql(`
      create table "product_variant" (
        "id" uuid primary key,
        "product_id" uuid not null,
        "business_id" uuid not null,
        "sku" text not null,
        "options" jsonb not null default '{}',
        "price_minor" bigint not null,
        "stock" integer null,
        "position" integer not null default 0,
        "created_at" timestamptz not null default now(),
        constraint "product_variant_product_id_foreign" foreign key ("product_id") references "product" ("id") on delete cascade,
        constraint "product_variant_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "product_variant_business_sku_key" unique ("business_id", "sku"),
        constraint "product_variant_sku_check" check ("sku" <> ''),
        constraint "product_variant_price_check" check ("price_minor" > 0 and "price_minor" <= 1000000000000),
        constraint "product_variant_stock_check" check ("stock" >= 0),
        constraint "product_variant_options_check" check (jsonb_typeof("options") = 'object')
      );`);
    this.addSql(`create index "product_variant_product_idx" on "product_variant" ("product_id", "position");`);
  }

  override down(): void {
    this.addSql('drop table if exists "product_variant";');
    this.addSql('drop table if exists "product";');
  }
}
