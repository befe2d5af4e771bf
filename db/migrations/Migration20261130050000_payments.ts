import { Migration } from '@mikro-orm/migrations';

/**
 * Payments: funding sources (tokens only, never a card number), the payment PIN, payout accounts,
 * payment intents with their refunds and disputes, idempotency records, received PSP webhooks,
 * and the double-entry ledger (append-only, balanced per transaction, wallets never negative).
 */
export class Migration20261130050000_payments extends Migration {
  override name = 'Migration20261130050000_payments';

  override up(): void {
    this.addSql(`
      create table "funding_source" (
        "id" uuid primary key,
        "person_id" uuid not null,
        "kind" text not null,
        "psp_token" text null,
        "brand" text null,
        "last4" character(4) null,
        "exp_month" integer null,
        "exp_year" integer null,
        "label" text not null default '',
        "currency" character(3) null,
        "is_default" boolean not null default false,
        "removed_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        constraint "funding_source_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "funding_source_kind_check" check ("kind" in ('card', 'external_wallet', 'kedai_wallet')),
        constraint "funding_source_brand_check" check ("brand" in ('visa', 'mastercard')),
        constraint "funding_source_last4_check" check ("last4" ~ '^[0-9]{4}$'),
        constraint "funding_source_expiry_check" check ("exp_month" >= 1 and "exp_month" <= 12 and "exp_year" >= 2000 and "exp_year" <= 2100),
        constraint "funding_source_card_check" check ("kind" <> 'card' or ("psp_token" is not null and "brand" is not null and "last4" is not null and "exp_month" is not null and "exp_year" is not null)),
        constraint "funding_source_wallet_check" check ("kind" <> 'kedai_wallet' or "currency" is not null)
      );`);
    // A person's sources, newest first; and at most one default among those not removed.
    this.addSql(`create index "funding_source_person_idx" on "funding_source" ("person_id", "created_at");`);
    this.addSql(
      `create unique index "funding_source_default_key" on "funding_source" ("person_id") where "is_default" and "removed_at" is null;`,
    );
    this.addSql(
      `create unique index "funding_source_kedai_wallet_key" on "funding_source" ("person_id", "currency") where "kind" = 'kedai_wallet' and "removed_at" is null;`,
    );

    this.addSql(`
      create table "payment_pin" (
        "person_id" uuid primary key,
        "pin_hash" text not null,
        "failed_attempts" integer not null default 0,
        "locked_until" timestamptz null,
        "updated_at" timestamptz not null default now(),
        constraint "payment_pin_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "payment_pin_failed_attempts_check" check ("failed_attempts" >= 0 and "failed_attempts" <= 5)
      );`);

    this.addSql(`
      create table "payout_account" (
        "business_id" uuid primary key,
        "holder_name" text not null,
        "bank_name" text not null,
        "account_last4" character(4) not null,
        "psp_account_ref" text not null,
        "platform_fee_bps" integer null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "payout_account_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "payout_account_holder_name_check" check (char_length("holder_name") >= 1 and char_length("holder_name") <= 100),
        constraint "payout_account_bank_name_check" check (char_length("bank_name") >= 1 and char_length("bank_name") <= 100),
        constraint "payout_account_last4_check" check ("account_last4" ~ '^[0-9]{4}$'),
        constraint "payout_account_fee_check" check ("platform_fee_bps" >= 0 and "platform_fee_bps" <= 5000)
      );`);

    this.addSql(`
      create table "payment_intent" (
        "id" uuid primary key,
        "payer_id" uuid not null,
        "business_id" uuid null,
        "purpose_kind" text not null,
        "reference_id" text not null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "state" text not null,
        "capture_method" text not null default 'automatic',
        "funding_source_id" uuid null,
        "attempt" integer not null default 0,
        "psp_charge_id" text null,
        "fee_bps" integer not null default 0,
        "amount_authorized" bigint not null default 0,
        "amount_captured" bigint not null default 0,
        "amount_refunded" bigint not null default 0,
        "amount_disputed" bigint not null default 0,
        "failure_code" text null,
        "failure_message" text null,
        "next_action" jsonb null,
        "processing_since" timestamptz null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "payment_intent_payer_id_foreign" foreign key ("payer_id") references "person" ("id") on delete no action,
        constraint "payment_intent_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete no action,
        constraint "payment_intent_funding_source_id_foreign" foreign key ("funding_source_id") references "funding_source" ("id") on delete no action,
        constraint "payment_intent_psp_charge_id_key" unique ("psp_charge_id"),
        constraint "payment_intent_purpose_check" check ("purpose_kind" in ('order', 'transfer') and char_length("reference_id") >= 1 and char_length("reference_id") <= 200),
        constraint "payment_intent_amount_check" check ("amount_minor" > 0 and "amount_minor" <= 1000000000000),
        constraint "payment_intent_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "payment_intent_state_check" check ("state" in ('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled')),
        constraint "payment_intent_capture_method_check" check ("capture_method" in ('automatic', 'manual')),
        constraint "payment_intent_fee_check" check ("fee_bps" >= 0 and "fee_bps" <= 5000),
        constraint "payment_intent_amounts_check" check ("amount_authorized" <= "amount_minor" and "amount_captured" >= 0 and "amount_captured" <= "amount_authorized" and "amount_refunded" >= 0 and "amount_disputed" >= 0 and "amount_refunded" + "amount_disputed" <= "amount_captured")
      );`);
    // An order is paid at most once: one intent per order that is paying, authorised or paid.
    this.addSql(
      `create unique index "payment_intent_order_paid_key" on "payment_intent" ("purpose_kind", "reference_id") where "state" in ('processing', 'requires_capture', 'succeeded');`,
    );
    this.addSql(`create index "payment_intent_payer_idx" on "payment_intent" ("payer_id", "created_at");`);
    this.addSql(`create index "payment_intent_business_idx" on "payment_intent" ("business_id", "created_at");`);
    // The reconciliation job: intents stuck in processing, oldest first.
    this.addSql(
      `create index "payment_intent_processing_idx" on "payment_intent" ("processing_since") where "state" = 'processing';`,
    );

    this.addSql(`
      create table "payment_refund" (
        "id" uuid primary key,
        "intent_id" uuid not null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "reason" text not null default '',
        "psp_refund_id" text not null,
        "created_by" text not null,
        "created_at" timestamptz not null default now(),
        constraint "payment_refund_intent_id_foreign" foreign key ("intent_id") references "payment_intent" ("id") on delete no action,
        constraint "payment_refund_amount_check" check ("amount_minor" > 0),
        constraint "payment_refund_reason_check" check (char_length("reason") <= 500)
      );`);
    this.addSql(`create index "payment_refund_intent_idx" on "payment_refund" ("intent_id");`);

    this.addSql(`
      create table "payment_dispute" (
        "id" uuid primary key,
        "intent_id" uuid not null,
        "psp_dispute_id" text not null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "reason" text not null default '',
        "status" text not null default 'open',
        "created_at" timestamptz not null default now(),
        "closed_at" timestamptz null,
        constraint "payment_dispute_intent_id_foreign" foreign key ("intent_id") references "payment_intent" ("id") on delete no action,
        constraint "payment_dispute_psp_dispute_id_key" unique ("psp_dispute_id"),
        constraint "payment_dispute_amount_check" check ("amount_minor" > 0),
        constraint "payment_dispute_status_check" check ("status" in ('open', 'won', 'lost')),
        constraint "payment_dispute_closed_check" check (("status" = 'open') = ("closed_at" is null))
      );`);
    this.addSql(`create index "payment_dispute_intent_idx" on "payment_dispute" ("intent_id");`);

    this.addSql(`
      create table "idempotency_record" (
        "scope" text not null,
        "key" text not null,
        "request_hash" text not null,
        "status" text not null default 'in_progress',
        "response" jsonb null,
        "created_at" timestamptz not null default now(),
        "completed_at" timestamptz null,
        constraint "idempotency_record_pkey" primary key ("scope", "key"),
        constraint "idempotency_record_key_check" check (char_length("key") >= 1 and char_length("key") <= 255),
        constraint "idempotency_record_status_check" check ("status" in ('in_progress', 'done'))
      );`);

    this.addSql(`
      create table "psp_webhook_event" (
        "event_id" text primary key,
        "type" text not null,
        "received_at" timestamptz not null default now()
      );`);

    // The ledger. Entries are signed: an account's balance is the sum of its entries, and every
    // transaction's entries sum to zero (money moves from the negative lines to the positive ones).
    this.addSql(`
      create table "ledger_account" (
        "id" uuid primary key,
        "code" text not null,
        "kind" text not null,
        "owner_id" uuid null,
        "currency" character(3) not null,
        "non_negative" boolean not null default false,
        "balance_minor" bigint not null default 0,
        "updated_at" timestamptz not null default now(),
        constraint "ledger_account_code_key" unique ("code"),
        constraint "ledger_account_kind_check" check ("kind" in ('shopper_funding', 'merchant_receivable', 'platform_fee', 'refunds', 'dispute_hold', 'wallet')),
        constraint "ledger_account_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "ledger_account_balance_check" check (not "non_negative" or "balance_minor" >= 0)
      );`);
    this.addSql(`create index "ledger_account_owner_idx" on "ledger_account" ("owner_id", "kind");`);

    this.addSql(`
      create table "ledger_transaction" (
        "id" uuid primary key,
        "kind" text not null,
        "currency" character(3) not null,
        "intent_id" uuid null,
        "reference" text not null default '',
        "created_at" timestamptz not null default now(),
        constraint "ledger_transaction_intent_id_foreign" foreign key ("intent_id") references "payment_intent" ("id") on delete no action,
        constraint "ledger_transaction_kind_check" check ("kind" in ('charge', 'refund', 'dispute_hold', 'dispute_won', 'dispute_lost', 'wallet_top_up')),
        constraint "ledger_transaction_currency_check" check ("currency" ~ '^[A-Z]{3}$')
      );`);
    this.addSql(`create index "ledger_transaction_intent_idx" on "ledger_transaction" ("intent_id");`);

    this.addSql(`
      create table "ledger_entry" (
        "id" uuid primary key,
        "transaction_id" uuid not null,
        "account_id" uuid not null,
        "amount_minor" bigint not null,
        "created_at" timestamptz not null default now(),
        constraint "ledger_entry_transaction_id_foreign" foreign key ("transaction_id") references "ledger_transaction" ("id") on delete no action,
        constraint "ledger_entry_account_id_foreign" foreign key ("account_id") references "ledger_account" ("id") on delete no action,
        constraint "ledger_entry_amount_check" check ("amount_minor" <> 0)
      );`);
    this.addSql(`create index "ledger_entry_transaction_idx" on "ledger_entry" ("transaction_id");`);
    // A merchant's statement: an account's entries, newest first.
    this.addSql(`create index "ledger_entry_account_idx" on "ledger_entry" ("account_id", "created_at", "id");`);

    // Append-only: the database itself refuses to change or remove a posted transaction or entry.
    this.addSql(`
      create function "ledger_refuse_change"() returns trigger language plpgsql as $$
      begin
        raise exception 'the ledger is append-only: % on % is refused', tg_op, tg_table_name using errcode = 'P0001';
      end $$;`);
    for (const table of ['ledger_transaction', 'ledger_entry']) {
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "${table}" for each statement execute function "ledger_refuse_change"();`,
      );
      this.addSql(
        `create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "ledger_refuse_change"();`,
      );
    }

    // Balanced, in one currency: checked at commit (deferred), when every line of the transaction is in.
    this.addSql(`
      create function "ledger_check_balanced"() returns trigger language plpgsql as $$
      declare
        total numeric;
        foreign_lines integer;
      begin
        select coalesce(sum(e.amount_minor), 0), count(*) filter (where a.currency <> t.currency)
          into total, foreign_lines
          from ledger_entry e
          join ledger_account a on a.id = e.account_id
          join ledger_transaction t on t.id = e.transaction_id
         where e.transaction_id = new.transaction_id;
        if total <> 0 then
          raise exception 'ledger transaction % does not balance (sum %)', new.transaction_id, total using errcode = 'P0001';
        end if;
        if foreign_lines > 0 then
          raise exception 'ledger transaction % mixes currencies', new.transaction_id using errcode = 'P0001';
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create constraint trigger "ledger_entry_balanced" after insert on "ledger_entry"
        deferrable initially deferred for each row execute function "ledger_check_balanced"();`);
  }

  override down(): void {
    this.addSql('drop table if exists "ledger_entry";');
    this.addSql('drop table if exists "ledger_transaction";');
    this.addSql('drop table if exists "ledger_account";');
    this.addSql('drop function if exists "ledger_check_balanced"();');
    this.addSql('drop function if exists "ledger_refuse_change"();');
    this.addSql('drop table if exists "psp_webhook_event";');
    this.addSql('drop table if exists "idempotency_record";');
    this.addSql('drop table if exists "payment_dispute";');
    this.addSql('drop table if exists "payment_refund";');
    this.addSql('drop table if exists "payment_intent";');
    this.addSql('drop table if exists "payout_account";');
    this.addSql('drop table if exists "payment_pin";');
    this.addSql('drop table if exists "funding_source";');
  }
}
