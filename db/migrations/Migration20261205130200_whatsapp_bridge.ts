import { Migration } from '@mikro-orm/migrations';

/**
 * The bridge to real WhatsApp numbers: Meta's webhooks as received (one row per distinct body),
 * the messages Kedai sent through the Graph API with Meta's ids, and which conversations' shoppers
 * write from WhatsApp.
 */
export class Migration20261205130200_whatsapp_bridge extends Migration {
  override name = 'Migration20261205130200_whatsapp_bridge';

  override up(): void {
    this.addSql(
      `create table "whatsapp_inbound" ("id" uuid not null, "body_sha256" text not null, "body" text not null, "received_at" timestamptz not null default now(), "processed_at" timestamptz null, "outcome" text null, primary key ("id"));`,
    );
    this.addSql(`alter table "whatsapp_inbound" add constraint "whatsapp_inbound_body_sha256_key" unique ("body_sha256");`);
    this.addSql(
      `create index "whatsapp_inbound_pending_idx" on "whatsapp_inbound" ("received_at") where "processed_at" is null;`,
    );
    this.addSql(
      `create table "whatsapp_outbound" ("message_id" uuid not null, "channel_id" text not null, "meta_message_id" text null, "status" text not null default 'queued', "attempts" int not null default 0, "last_error" text null, "created_at" timestamptz not null default now(), primary key ("message_id"));`,
    );
    this.addSql(
      `alter table "whatsapp_outbound" add constraint "whatsapp_outbound_meta_message_id_key" unique ("meta_message_id");`,
    );
    this.addSql(`alter table "conversation" add "bridge" text null;`);
    this.addSql(
      `alter table "whatsapp_outbound" add constraint "whatsapp_outbound_channel_id_foreign" foreign key ("channel_id") references "whatsapp_channel" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "whatsapp_outbound" add constraint "whatsapp_outbound_status_check" check (status in ('queued', 'sent', 'delivered', 'read', 'failed'));`,
    );
  }
}
