import { Migration } from '@mikro-orm/migrations';

/**
 * Chat: conversations (a shopper with a business, two people, or a group), their members with
 * read state, and messages numbered per conversation without gaps.
 */
export class Migration20261130040000_chat extends Migration {
  override name = 'Migration20261130040000_chat';

  override up(): void {
    this.addSql(`
      create table "conversation" (
        "id" uuid primary key,
        "kind" text not null,
        "pair_key" text null,
        "business_id" uuid null,
        "title" text null,
        "photo_url" text null,
        "handler" text null,
        "handler_person_id" uuid null,
        "last_seq" bigint not null default 0,
        "business_read_seq" bigint not null default 0,
        "last_message_at" timestamptz null,
        "last_message_preview" text not null default '',
        "created_by" uuid null,
        "created_at" timestamptz not null default now(),
        constraint "conversation_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "conversation_handler_person_id_foreign" foreign key ("handler_person_id") references "person" ("id") on delete set null,
        constraint "conversation_created_by_foreign" foreign key ("created_by") references "person" ("id") on delete set null,
        constraint "conversation_pair_key_key" unique ("pair_key"),
        constraint "conversation_kind_check" check ("kind" in ('business', 'direct', 'group')),
        constraint "conversation_shape_check" check (
          ("kind" = 'business') = ("business_id" is not null) and
          ("kind" = 'group') = ("pair_key" is null) and
          ("kind" = 'group' or "title" is null)),
        constraint "conversation_title_check" check (char_length("title") >= 1 and char_length("title") <= 100),
        constraint "conversation_photo_url_check" check ("photo_url" ~ '^https://' and char_length("photo_url") <= 2048),
        constraint "conversation_handler_check" check (("kind" = 'business') = ("handler" is not null) and ("handler" is null or "handler" in ('bot', 'agent'))),
        constraint "conversation_seq_check" check ("last_seq" >= 0 and "business_read_seq" >= 0 and "business_read_seq" <= "last_seq")
      );`);
    // A business's inbox, most recent first.
    this.addSql(`create index "conversation_business_idx" on "conversation" ("business_id", "last_message_at");`);

    this.addSql(`
      create table "conversation_member" (
        "conversation_id" uuid not null,
        "person_id" uuid not null,
        "role" text not null default 'member',
        "last_read_seq" bigint not null default 0,
        "last_delivered_seq" bigint not null default 0,
        "muted" boolean not null default false,
        "archived" boolean not null default false,
        "joined_at" timestamptz not null default now(),
        "left_at" timestamptz null,
        constraint "conversation_member_pkey" primary key ("conversation_id", "person_id"),
        constraint "conversation_member_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete cascade,
        constraint "conversation_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "conversation_member_role_check" check ("role" in ('member', 'admin')),
        constraint "conversation_member_seq_check" check ("last_read_seq" >= 0 and "last_delivered_seq" >= "last_read_seq")
      );`);
    // A person's conversations.
    this.addSql(`create index "conversation_member_person_idx" on "conversation_member" ("person_id");`);

    this.addSql(`
      create table "message" (
        "id" uuid primary key,
        "conversation_id" uuid not null,
        "seq" bigint not null,
        "sender_kind" text not null,
        "sender_person_id" uuid null,
        "sender_business_id" uuid null,
        "client_message_id" text null,
        "kind" text not null,
        "payload" jsonb not null,
        "failed_reason" text null,
        "created_at" timestamptz not null default now(),
        "deleted_at" timestamptz null,
        constraint "message_conversation_id_foreign" foreign key ("conversation_id") references "conversation" ("id") on delete cascade,
        constraint "message_sender_person_id_foreign" foreign key ("sender_person_id") references "person" ("id") on delete set null,
        constraint "message_sender_business_id_foreign" foreign key ("sender_business_id") references "business" ("id") on delete cascade,
        constraint "message_conversation_seq_key" unique ("conversation_id", "seq"),
        constraint "message_seq_check" check ("seq" >= 1),
        constraint "message_sender_kind_check" check ("sender_kind" in ('person', 'business', 'bot', 'system')),
        constraint "message_kind_check" check ("kind" in ('text', 'image', 'product', 'product_list', 'catalog', 'order',
          'order_details', 'order_status', 'payment', 'payment_request', 'interactive', 'interactive_reply', 'system')),
        constraint "message_payload_check" check (jsonb_typeof("payload") = 'object'),
        constraint "message_client_message_id_check" check (char_length("client_message_id") >= 1 and char_length("client_message_id") <= 128)
      );`);
    // A retried send finds its message: one per sender and client message id in a conversation.
    this.addSql(
      `create unique index "message_client_id_key" on "message" ("conversation_id", coalesce("sender_person_id", "sender_business_id"), "client_message_id") where "client_message_id" is not null;`,
    );
  }

  override down(): void {
    this.addSql('drop table if exists "message";');
    this.addSql('drop table if exists "conversation_member";');
    this.addSql('drop table if exists "conversation";');
  }
}
