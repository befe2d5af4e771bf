import { Migration } from '@mikro-orm/migrations';

/**
 * Money between people: transfers (each paid by a payment intent whose payee is a person), money
 * requests (alone or as parts of a group request), a block list, one-off payment links, and
 * reports on transfers. Payments learns that an intent may pay a person instead of a business,
 * and the ledger two new kinds of transaction (a transfer, a wallet withdrawal).
 */
export class Migration20261130080000_p2p extends Migration {
  override name = 'Migration20261130080000_p2p';

  override up(): void {
    this.addSql(`alter table "payment_intent" add column "payee_person_id" uuid null;`);
    this.addSql(
      `alter table "payment_intent" add constraint "payment_intent_payee_person_id_foreign" foreign key ("payee_person_id") references "person" ("id") on delete no action;`,
    );
    // Exactly one payee: a business for an order, a person for a transfer.
    this.addSql(
      `alter table "payment_intent" add constraint "payment_intent_payee_check" check (("business_id" is null) <> ("payee_person_id" is null) and ("purpose_kind" = 'transfer') = ("payee_person_id" is not null));`,
    );
    this.addSql(`alter table "ledger_transaction" drop constraint "ledger_transaction_kind_check";`);
    this.addSql(
      `alter table "ledger_transaction" add constraint "ledger_transaction_kind_check" check ("kind" in ('charge', 'refund', 'dispute_hold', 'dispute_won', 'dispute_lost', 'wallet_top_up', 'transfer', 'wallet_withdrawal'));`,
    );

    this.addSql(`
      create table "transfer" (
        "id" uuid primary key,
        "conversation_id" uuid not null,
        "sender_id" uuid not null,
        "recipient_id" uuid not null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "note" text not null default '',
        "status" text not null default 'pending',
        "intent_id" uuid null,
        "idempotency_key" text not null,
        "failure_code" text null,
        "failure_message" text null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "transfer_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete no action,
        constraint "transfer_sender_id_foreign" foreign key ("sender_id") references "person" ("id") on delete no action,
        constraint "transfer_recipient_id_foreign" foreign key ("recipient_id") references "person" ("id") on delete no action,
        constraint "transfer_intent_id_foreign" foreign key ("intent_id") references "payment_intent" ("id") on delete no action,
        constraint "transfer_sender_idempotency_key" unique ("sender_id", "idempotency_key"),
        constraint "transfer_amount_check" check ("amount_minor" > 0 and "amount_minor" <= 1000000000000),
        constraint "transfer_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "transfer_status_check" check ("status" in ('pending', 'completed', 'failed')),
        constraint "transfer_parties_check" check ("sender_id" <> "recipient_id"),
        constraint "transfer_note_check" check (char_length("note") <= 500)
      );`);
    // The daily limit sums a sender's transfers of the day; each side lists its own.
    this.addSql(`create index "transfer_sender_idx" on "transfer" ("sender_id", "created_at");`);
    this.addSql(`create index "transfer_recipient_idx" on "transfer" ("recipient_id", "created_at");`);

    this.addSql(`
      create table "money_request_group" (
        "id" uuid primary key,
        "conversation_id" uuid not null,
        "requester_id" uuid not null,
        "total_minor" bigint not null,
        "currency" character(3) not null,
        "note" text not null default '',
        "split" text not null,
        "created_at" timestamptz not null default now(),
        constraint "money_request_group_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete no action,
        constraint "money_request_group_requester_id_foreign" foreign key ("requester_id") references "person" ("id") on delete no action,
        constraint "money_request_group_total_check" check ("total_minor" > 0 and "total_minor" <= 1000000000000),
        constraint "money_request_group_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "money_request_group_split_check" check ("split" in ('even', 'amounts')),
        constraint "money_request_group_note_check" check (char_length("note") <= 500)
      );`);

    this.addSql(`
      create table "money_request" (
        "id" uuid primary key,
        "conversation_id" uuid not null,
        "requester_id" uuid not null,
        "payer_id" uuid not null,
        "group_id" uuid null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "note" text not null default '',
        "status" text not null default 'pending',
        "transfer_id" uuid null,
        "expires_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "money_request_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete no action,
        constraint "money_request_requester_id_foreign" foreign key ("requester_id") references "person" ("id") on delete no action,
        constraint "money_request_payer_id_foreign" foreign key ("payer_id") references "person" ("id") on delete no action,
        constraint "money_request_group_id_foreign" foreign key ("group_id") references "money_request_group" ("id") on delete no action,
        constraint "money_request_transfer_id_foreign" foreign key ("transfer_id") references "transfer" ("id") on delete no action,
        constraint "money_request_transfer_id_key" unique ("transfer_id"),
        constraint "money_request_amount_check" check ("amount_minor" > 0 and "amount_minor" <= 1000000000000),
        constraint "money_request_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "money_request_status_check" check ("status" in ('pending', 'paying', 'paid', 'declined', 'canceled', 'expired')),
        constraint "money_request_paid_check" check (("status" in ('paying', 'paid')) = ("transfer_id" is not null)),
        constraint "money_request_parties_check" check ("requester_id" <> "payer_id"),
        constraint "money_request_note_check" check (char_length("note") <= 500)
      );`);
    this.addSql(`create index "money_request_payer_idx" on "money_request" ("payer_id", "status");`);
    this.addSql(`create index "money_request_group_idx" on "money_request" ("group_id");`);

    this.addSql(`
      create table "p2p_block" (
        "id" uuid primary key,
        "blocker_id" uuid not null,
        "blocked_id" uuid not null,
        "created_at" timestamptz not null default now(),
        constraint "p2p_block_blocker_id_foreign" foreign key ("blocker_id") references "person" ("id") on delete cascade,
        constraint "p2p_block_blocked_id_foreign" foreign key ("blocked_id") references "person" ("id") on delete cascade,
        constraint "p2p_block_pair_key" unique ("blocker_id", "blocked_id"),
        constraint "p2p_block_self_check" check ("blocker_id" <> "blocked_id")
      );`);
    this.addSql(`create index "p2p_block_blocked_idx" on "p2p_block" ("blocked_id");`);

    this.addSql(`
      create table "payment_link" (
        "id" uuid primary key,
        "token" text not null,
        "owner_id" uuid not null,
        "amount_minor" bigint not null,
        "currency" character(3) not null,
        "note" text not null default '',
        "status" text not null default 'active',
        "expires_at" timestamptz not null,
        "transfer_id" uuid null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "payment_link_owner_id_foreign" foreign key ("owner_id") references "person" ("id") on delete no action,
        constraint "payment_link_transfer_id_foreign" foreign key ("transfer_id") references "transfer" ("id") on delete no action,
        constraint "payment_link_token_key" unique ("token"),
        constraint "payment_link_amount_check" check ("amount_minor" > 0 and "amount_minor" <= 1000000000000),
        constraint "payment_link_currency_check" check ("currency" ~ '^[A-Z]{3}$'),
        constraint "payment_link_status_check" check ("status" in ('active', 'paying', 'used')),
        constraint "payment_link_used_check" check (("status" in ('paying', 'used')) = ("transfer_id" is not null)),
        constraint "payment_link_note_check" check (char_length("note") <= 500)
      );`);
    this.addSql(`create index "payment_link_owner_idx" on "payment_link" ("owner_id", "created_at");`);

    this.addSql(`
      create table "transfer_report" (
        "id" uuid primary key,
        "transfer_id" uuid not null,
        "reporter_id" uuid not null,
        "reason" text not null,
        "status" text not null default 'open',
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "transfer_report_transfer_id_foreign" foreign key ("transfer_id") references "transfer" ("id") on delete no action,
        constraint "transfer_report_reporter_id_foreign" foreign key ("reporter_id") references "person" ("id") on delete no action,
        constraint "transfer_report_transfer_id_key" unique ("transfer_id"),
        constraint "transfer_report_reason_check" check ("reason" in ('not_received', 'unauthorised')),
        constraint "transfer_report_status_check" check ("status" in ('open', 'under_review', 'resolved', 'rejected'))
      );`);
  }

  override down(): void {
    this.addSql('drop table if exists "transfer_report";');
    this.addSql('drop table if exists "payment_link";');
    this.addSql('drop table if exists "p2p_block";');
    this.addSql('drop table if exists "money_request";');
    this.addSql('drop table if exists "money_request_group";');
    this.addSql('drop table if exists "transfer";');
    this.addSql(`alter table "ledger_transaction" drop constraint "ledger_transaction_kind_check";`);
    this.addSql(
      `alter table "ledger_transaction" add constraint "ledger_transaction_kind_check" check ("kind" in ('charge', 'refund', 'dispute_hold', 'dispute_won', 'dispute_lost', 'wallet_top_up'));`,
    );
    this.addSql(`alter table "payment_intent" drop constraint "payment_intent_payee_check";`);
    this.addSql(`alter table "payment_intent" drop column "payee_person_id";`);
  }
}
