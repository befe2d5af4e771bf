import { Migration } from '@mikro-orm/migrations';

/** Webhooks to businesses' callbacks (Cloud API envelope, signed): the exact body and how delivering it went. */
export class Migration20261205130100_whatsapp_webhooks extends Migration {
  override name = 'Migration20261205130100_whatsapp_webhooks';

  override up(): void {
    this.addSql(
      `create table "whatsapp_webhook_delivery" ("id" uuid not null, "channel_id" text not null, "event_key" text not null, "field" text not null, "body" text not null, "status" text not null, "attempts" int not null, "last_error" text null, "next_attempt_at" timestamptz null, "created_at" timestamptz not null default now(), "delivered_at" timestamptz null, primary key ("id"));`,
    );
    this.addSql(
      `alter table "whatsapp_webhook_delivery" add constraint "whatsapp_webhook_delivery_event_key_key" unique ("event_key");`,
    );
    this.addSql(
      `create index "whatsapp_webhook_delivery_channel_idx" on "whatsapp_webhook_delivery" ("channel_id", "created_at");`,
    );
    this.addSql(
      `alter table "whatsapp_webhook_delivery" add constraint "whatsapp_webhook_delivery_channel_id_foreign" foreign key ("channel_id") references "whatsapp_channel" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "whatsapp_webhook_delivery" add constraint "whatsapp_webhook_delivery_field_check" check (field in ('messages', 'statuses'));`,
    );
    this.addSql(
      `alter table "whatsapp_webhook_delivery" add constraint "whatsapp_webhook_delivery_status_check" check (status in ('pending', 'delivered', 'failed'));`,
    );
  }
}
