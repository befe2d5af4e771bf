import { Migration } from '@mikro-orm/migrations';

/** The id of Kedai Support, the platform's own support account (a system business every person can message). */
export const KEDAI_SUPPORT_BUSINESS_ID = '00000000-0000-4000-8000-00000000c0de';

/**
 * The customer-service bot and the live-agent queue (libs/support): trained models, the bot's
 * short-lived state per conversation, handoffs to agents with their notes, one row per message the
 * bot handled (for the figures), refund requests opened through the bot, and businesses' FAQ
 * entries. Kedai Support itself is created here, so it exists in every database.
 */
export class Migration20261205120000_support extends Migration {
  override name = 'Migration20261205120000_support';

  override up(): void {
    this.addSql(
      `create table "support_answer" ("message_id" uuid not null, "conversation_id" uuid not null, "business_id" uuid not null, "intent" text not null, "confidence" double precision not null, "language" text not null, "outcome" text not null, "created_at" timestamptz not null default now(), primary key ("message_id"));`,
    );
    this.addSql(`create index "support_answer_business_idx" on "support_answer" ("business_id", "created_at");`);
    this.addSql(
      `create table "support_faq" ("id" uuid not null, "business_id" uuid not null, "language" text not null, "questions" jsonb not null, "answer" text not null, "keywords" jsonb not null default '[]', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "support_faq_business_idx" on "support_faq" ("business_id");`);
    this.addSql(
      `create table "support_handoff" ("id" uuid not null, "conversation_id" uuid not null, "business_id" uuid not null, "person_id" uuid not null, "reason" text not null, "intent" text null, "language" text not null, "summary" text not null, "status" text not null default 'waiting', "agent_id" uuid null, "created_at" timestamptz not null default now(), "claimed_at" timestamptz null, "closed_at" timestamptz null, "closed_by" text null, primary key ("id"));`,
    );
    this.addSql(
      `create unique index "support_handoff_open_key" on "support_handoff" ("conversation_id") where "status" in ('waiting', 'claimed');`,
    );
    this.addSql(`create index "support_handoff_queue_idx" on "support_handoff" ("business_id", "status", "created_at");`);
    this.addSql(
      `create table "support_model" ("key" text not null, "version" int not null, "source_hash" text not null, "model" text not null, "trained_at" timestamptz not null default now(), primary key ("key"));`,
    );
    this.addSql(
      `create table "support_note" ("id" uuid not null, "handoff_id" uuid not null, "author_id" uuid not null, "body" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`create index "support_note_handoff_idx" on "support_note" ("handoff_id", "created_at");`);
    this.addSql(
      `create table "support_refund_request" ("id" uuid not null, "business_id" uuid not null, "person_id" uuid not null, "order_id" uuid not null, "order_reference" text not null, "conversation_id" uuid not null, "reason" text not null default '', "status" text not null default 'open', "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `create unique index "support_refund_request_open_key" on "support_refund_request" ("order_id") where "status" = 'open';`,
    );
    this.addSql(`create index "support_refund_request_business_idx" on "support_refund_request" ("business_id", "created_at");`);
    this.addSql(
      `create table "support_session" ("conversation_id" uuid not null, "language" text null, "misses" int not null default 0, "pending" jsonb null, "pending_expires_at" timestamptz null, "updated_at" timestamptz not null default now(), primary key ("conversation_id"));`,
    );
    this.addSql(
      `alter table "support_answer" add constraint "support_answer_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_answer" add constraint "support_answer_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_answer" add constraint "support_answer_outcome_check" check (outcome in ('answered', 'not_understood', 'handed_off', 'with_agent'));`,
    );
    this.addSql(
      `alter table "support_faq" add constraint "support_faq_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_faq" add constraint "support_faq_answer_check" check (char_length(answer) >= 1 and char_length(answer) <= 4096);`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_person_id_foreign" foreign key ("person_id") references "person" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_agent_id_foreign" foreign key ("agent_id") references "person" ("id") on update no action on delete set null;`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_claim_check" check ((status = 'waiting') = (claimed_at is null) or status in ('returned', 'resolved'));`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_status_check" check (status in ('waiting', 'claimed', 'returned', 'resolved'));`,
    );
    this.addSql(
      `alter table "support_handoff" add constraint "support_handoff_reason_check" check (reason in ('asked', 'low_confidence', 'angry', 'dispute'));`,
    );
    this.addSql(
      `alter table "support_note" add constraint "support_note_handoff_id_foreign" foreign key ("handoff_id") references "support_handoff" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_note" add constraint "support_note_author_id_foreign" foreign key ("author_id") references "person" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_note" add constraint "support_note_body_check" check (char_length(body) >= 1 and char_length(body) <= 4096);`,
    );
    this.addSql(
      `alter table "support_refund_request" add constraint "support_refund_request_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_refund_request" add constraint "support_refund_request_person_id_foreign" foreign key ("person_id") references "person" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_refund_request" add constraint "support_refund_request_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "support_refund_request" add constraint "support_refund_request_status_check" check (status in ('open', 'closed'));`,
    );
    this.addSql(
      `alter table "support_session" add constraint "support_session_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on update no action on delete cascade;`,
    );
    this.addSql(`alter table "support_session" add constraint "support_session_misses_check" check (misses >= 0);`);
    this.addSql(
      `create table "support_settings" ("business_id" uuid not null, "bot_enabled" boolean not null default false, "updated_at" timestamptz not null default now(), primary key ("business_id"));`,
    );
    this.addSql(
      `alter table "support_settings" add constraint "support_settings_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `insert into "business" ("id", "handle", "name", "description", "category", "currency", "country", "timezone") values ('${KEDAI_SUPPORT_BUSINESS_ID}', 'kedai.support', 'Kedai Support', 'Help with your payments, transfers, refunds, PIN and sign-in', 'support', 'MYR', 'MY', 'Asia/Kuala_Lumpur') on conflict do nothing;`,
    );
    this.addSql(
      `insert into "support_settings" ("business_id", "bot_enabled") values ('${KEDAI_SUPPORT_BUSINESS_ID}', true) on conflict do nothing;`,
    );
  }
}
