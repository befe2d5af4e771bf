import { Migration } from '@mikro-orm/migrations';

/**
 * Checkout: carts, a business's checkout settings (acceptance, tax, shipping, discounts), orders
 * with their lines, transitions and stock reservations.
 */
export class Migration20261130060000_checkout extends Migration {
  override name = 'Migration20261130060000_checkout';

  override up(): void {
    // Outbox jobs may carry a BullMQ priority: the order bot's queue serves each business's
    // oldest waiting order first (see libs/checkout/src/order-queue.ts).
    this.addSql(`alter table "outbox" add column "priority" integer null;`);
    this.addSql(`alter table "outbox" add constraint "outbox_priority_check" check ("priority" >= 1 and "priority" <= 2097152);`);

    // A new permission, for moving orders along (accept, ship, complete): API keys may hold it.
    this.addSql(`alter table "api_key" drop constraint "api_key_scopes_check";`);
    this.addSql(`
      alter table "api_key" add constraint "api_key_scopes_check" check (
        cardinality("scopes") >= 1 and "scopes" <@ array['business:edit', 'catalog:write', 'orders:read', 'orders:manage',
          'orders:refund', 'chats:answer', 'members:manage', 'apikeys:manage']::text[]);`);

    this.addSql(`
      create table "cart_line" (
        "person_id" uuid not null,
        "business_id" uuid not null,
        "variant_id" uuid not null,
        "quantity" integer not null,
        "added_at" timestamptz not null default now(),
        constraint "cart_line_pkey" primary key ("person_id", "business_id", "variant_id"),
        constraint "cart_line_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "cart_line_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "cart_line_variant_id_foreign" foreign key ("variant_id") references "product_variant" ("id") on delete cascade,
        constraint "cart_line_quantity_check" check ("quantity" >= 1 and "quantity" <= 999)
      );`);

    this.addSql(`
      create table "checkout_settings" (
        "business_id" uuid primary key,
        "auto_accept" boolean not null default true,
        "tax_rate_bp" integer not null default 0,
        "language" text not null default 'en',
        "payment_window_s" integer not null default 900,
        "updated_at" timestamptz not null default now(),
        constraint "checkout_settings_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "checkout_settings_tax_rate_bp_check" check ("tax_rate_bp" >= 0 and "tax_rate_bp" <= 10000),
        constraint "checkout_settings_language_check" check ("language" in ('en', 'ms')),
        constraint "checkout_settings_payment_window_s_check" check ("payment_window_s" >= 60 and "payment_window_s" <= 86400)
      );`);

    this.addSql(`
      create table "shipping_option" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "kind" text not null,
        "name" text not null,
        "fee_minor" bigint not null default 0,
        "free_over_minor" bigint null,
        "position" integer not null default 0,
        constraint "shipping_option_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "shipping_option_kind_check" check ("kind" in ('pickup', 'flat')),
        constraint "shipping_option_name_check" check (char_length("name") >= 1 and char_length("name") <= 60),
        constraint "shipping_option_fee_check" check ("fee_minor" >= 0 and ("kind" = 'flat' or "fee_minor" = 0)),
        constraint "shipping_option_free_over_check" check ("free_over_minor" > 0)
      );`);
    this.addSql(`create index "shipping_option_business_idx" on "shipping_option" ("business_id", "position");`);

    this.addSql(`
      create table "discount_code" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "code" text not null,
        "kind" text not null,
        "value" bigint not null,
        "min_subtotal_minor" bigint not null default 0,
        "max_uses" integer null,
        "used" integer not null default 0,
        "expires_at" timestamptz null,
        "active" boolean not null default true,
        "created_at" timestamptz not null default now(),
        constraint "discount_code_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "discount_code_business_code_key" unique ("business_id", "code"),
        constraint "discount_code_code_check" check ("code" ~ '^[A-Z0-9_-]{3,32}$'),
        constraint "discount_code_kind_check" check ("kind" in ('percent', 'fixed')),
        constraint "discount_code_value_check" check ("value" > 0 and ("kind" = 'fixed' or "value" <= 10000)),
        constraint "discount_code_used_check" check ("used" >= 0 and ("max_uses" is null or "used" <= "max_uses"))
      );`);

    this.addSql(`
      create table "shop_order" (
        "id" uuid primary key,
        "reference_id" text not null,
        "business_id" uuid not null,
        "person_id" uuid not null,
        "conversation_id" uuid not null,
        "status" text not null default 'pending',
        "hold" text null,
        "idempotency_key" text not null,
        "note" text not null default '',
        "currency" character(3) not null,
        "discount_code" text null,
        "shipping_option_id" uuid null,
        "subtotal_minor" bigint not null,
        "discount_minor" bigint not null default 0,
        "tax_minor" bigint not null default 0,
        "shipping_minor" bigint not null default 0,
        "total_minor" bigint not null,
        "accepted_at" timestamptz null,
        "expires_at" timestamptz null,
        "bot_error" text null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "shop_order_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "shop_order_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "shop_order_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete cascade,
        constraint "shop_order_shipping_option_id_foreign" foreign key ("shipping_option_id") references "shipping_option" ("id") on delete set null,
        constraint "shop_order_reference_id_key" unique ("reference_id"),
        constraint "shop_order_person_idempotency_key" unique ("person_id", "idempotency_key"),
        constraint "shop_order_status_check" check ("status" in ('pending', 'awaiting_payment', 'paid', 'processing', 'shipped', 'completed', 'canceled', 'refunded', 'partially_refunded')),
        constraint "shop_order_hold_check" check ("hold" in ('merchant_review', 'price_changed')),
        constraint "shop_order_money_check" check ("subtotal_minor" >= 0 and "discount_minor" >= 0 and "discount_minor" <= "subtotal_minor"
          and "tax_minor" >= 0 and "shipping_minor" >= 0 and "total_minor" = "subtotal_minor" - "discount_minor" + "tax_minor" + "shipping_minor"),
        constraint "shop_order_note_check" check (char_length("note") <= 1000)
      );`);
    // The merchant's order list, newest first, filtered by status; and the bot's fairness rank.
    this.addSql(`create index "shop_order_business_idx" on "shop_order" ("business_id", "status", "created_at");`);
    this.addSql(`create index "shop_order_person_idx" on "shop_order" ("person_id", "created_at");`);

    this.addSql(`
      create table "order_line" (
        "order_id" uuid not null,
        "line_no" integer not null,
        "product_id" uuid not null,
        "variant_id" uuid null,
        "sku" text not null,
        "name" text not null,
        "quantity" integer not null,
        "unit_price_minor" bigint not null,
        constraint "order_line_pkey" primary key ("order_id", "line_no"),
        constraint "order_line_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on delete cascade,
        constraint "order_line_variant_id_foreign" foreign key ("variant_id") references "product_variant" ("id") on delete set null,
        constraint "order_line_quantity_check" check ("quantity" >= 1),
        constraint "order_line_price_check" check ("unit_price_minor" > 0)
      );`);

    this.addSql(`
      create table "order_transition" (
        "id" uuid primary key,
        "order_id" uuid not null,
        "from_status" text not null,
        "to_status" text not null,
        "actor" text not null,
        "note" text not null default '',
        "created_at" timestamptz not null default now(),
        constraint "order_transition_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on delete cascade
      );`);
    this.addSql(`create index "order_transition_order_idx" on "order_transition" ("order_id", "created_at");`);

    this.addSql(`
      create table "stock_reservation" (
        "order_id" uuid not null,
        "variant_id" uuid not null,
        "quantity" integer not null,
        "state" text not null default 'held',
        "created_at" timestamptz not null default now(),
        constraint "stock_reservation_pkey" primary key ("order_id", "variant_id"),
        constraint "stock_reservation_order_id_foreign" foreign key ("order_id") references "shop_order" ("id") on delete cascade,
        constraint "stock_reservation_variant_id_foreign" foreign key ("variant_id") references "product_variant" ("id") on delete cascade,
        constraint "stock_reservation_quantity_check" check ("quantity" >= 1),
        constraint "stock_reservation_state_check" check ("state" in ('held', 'released', 'sold'))
      );`);
  }

  override down(): void {
    for (const t of [
      'stock_reservation',
      'order_transition',
      'order_line',
      'shop_order',
      'discount_code',
      'shipping_option',
      'checkout_settings',
      'cart_line',
    ])
      this.addSql(`drop table if exists "${t}";`);
  }
}
