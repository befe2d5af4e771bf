import { Migration } from '@mikro-orm/migrations';

/**
 * WhatsApp (issue #17): a business's channel (its Cloud API phone-number and account ids, the
 * app secret that signs its webhooks, the connected real number) and its message templates. Chat
 * learns the Cloud API's reaction, location and contacts kinds, and `unsupported` for what a
 * bridge receives that Kedai does not model.
 */
export class Migration20261205130000_whatsapp extends Migration {
  override name = 'Migration20261205130000_whatsapp';

  override up(): void {
    this.addSql(
      `create table "whatsapp_channel" ("id" text not null, "business_id" uuid not null, "waba_id" text not null, "app_secret" text not null, "callback_url" text null, "verify_token" text null, "callback_verified_at" timestamptz null, "meta_phone_number_id" text null, "meta_display_phone_number" text null, "meta_access_token" text null, "meta_catalog_id" text null, "created_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(`alter table "whatsapp_channel" add constraint "whatsapp_channel_business_id_key" unique ("business_id");`);
    this.addSql(`alter table "whatsapp_channel" add constraint "whatsapp_channel_waba_id_key" unique ("waba_id");`);
    this.addSql(
      `alter table "whatsapp_channel" add constraint "whatsapp_channel_meta_phone_number_id_key" unique ("meta_phone_number_id");`,
    );
    this.addSql(
      `create table "whatsapp_template" ("id" uuid not null, "channel_id" text not null, "name" text not null, "language" text not null, "category" text not null, "components" jsonb not null, "status" text not null, "rejected_reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), primary key ("id"));`,
    );
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_name_language_key" unique ("channel_id", "name", "language");`,
    );
    this.addSql(`alter table "message" drop constraint "message_kind_check";`);
    this.addSql(
      `alter table "message" add constraint "message_kind_check" check (kind in ('text', 'image', 'product', 'product_list', 'catalog', 'order', 'order_details', 'order_status', 'payment', 'payment_request', 'interactive', 'interactive_reply', 'system', 'reaction', 'location', 'contacts', 'unsupported'));`,
    );
    this.addSql(
      `alter table "whatsapp_channel" add constraint "whatsapp_channel_business_id_foreign" foreign key ("business_id") references "business" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "whatsapp_channel" add constraint "whatsapp_channel_callback_check" check (callback_url is null or callback_url ~ '^https?://');`,
    );
    this.addSql(
      `alter table "whatsapp_channel" add constraint "whatsapp_channel_waba_id_check" check (waba_id ~ '^[0-9]{6,20}$');`,
    );
    this.addSql(`alter table "whatsapp_channel" add constraint "whatsapp_channel_id_check" check (id ~ '^[0-9]{6,20}$');`);
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_channel_id_foreign" foreign key ("channel_id") references "whatsapp_channel" ("id") on update no action on delete cascade;`,
    );
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_status_check" check (status in ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'));`,
    );
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_category_check" check (category in ('MARKETING', 'UTILITY', 'AUTHENTICATION'));`,
    );
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_language_check" check (language ~ '^[a-z]{2,3}(_[A-Z]{2})?$');`,
    );
    this.addSql(
      `alter table "whatsapp_template" add constraint "whatsapp_template_name_check" check (name ~ '^[a-z0-9_]+$' and char_length(name) <= 512);`,
    );
  }
}
