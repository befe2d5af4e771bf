import { Migration } from '@mikro-orm/migrations';

/**
 * The WhatsApp catalog sync: per connected number and product, whether a change awaits its push
 * to the business's Meta catalog, what retailer id Meta knows it by, and the last refusal.
 */
export class Migration20261205210000_whatsapp_catalog_sync extends Migration {
  override name = 'Migration20261205210000_whatsapp_catalog_sync';

  override up(): void {
    this.addSql(
      `create table "whatsapp_catalog_item" ("channel_id" text not null, "product_id" uuid not null, "retailer_id" text null, "dirty_at" timestamptz null, "pushed_at" timestamptz null, "last_error" text null, primary key ("channel_id", "product_id"));`,
    );
    this.addSql(
      `create index "whatsapp_catalog_item_dirty_idx" on "whatsapp_catalog_item" ("channel_id", "dirty_at") where "dirty_at" is not null;`,
    );
    this.addSql(
      `alter table "whatsapp_catalog_item" add constraint "whatsapp_catalog_item_channel_id_foreign" foreign key ("channel_id") references "whatsapp_channel" ("id") on update no action on delete cascade;`,
    );
  }
}
