import { Migration } from '@mikro-orm/migrations';

/**
 * Uploaded photos (their renditions live in MediaStorage, keyed by id); pending until something (a
 * product, a chat message) attaches them. A photo belongs to a business, or to the person who
 * uploaded it for their own chats (no business).
 */
export class Migration20261130010000_media extends Migration {
  override name = 'Migration20261130010000_media';

  override up(): void {
    this.addSql(`
      create table "media_asset" (
        "id" uuid primary key,
        "business_id" uuid null,
        "uploaded_by" uuid null,
        "mime" text not null,
        "width" integer not null,
        "height" integer not null,
        "bytes" integer not null,
        "status" text not null default 'pending',
        "attached_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        constraint "media_asset_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "media_asset_uploaded_by_foreign" foreign key ("uploaded_by") references "person" ("id") on delete set null,
        constraint "media_asset_mime_check" check ("mime" in ('image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif')),
        constraint "media_asset_size_check" check ("width" > 0 and "height" > 0 and "bytes" > 0),
        constraint "media_asset_status_check" check ("status" in ('pending', 'attached')),
        constraint "media_asset_attached_check" check (("status" = 'attached') = ("attached_at" is not null)),
        constraint "media_asset_owner_check" check ("business_id" is not null or "uploaded_by" is not null)
      );`);
    // The business's cascade delete looks its assets up by business.
    this.addSql(`create index "media_asset_business_idx" on "media_asset" ("business_id");`);
    // The orphan cleanup: pending assets, oldest first.
    this.addSql(`create index "media_asset_status_created_idx" on "media_asset" ("status", "created_at");`);
  }

  override down(): void {
    this.addSql('drop table if exists "media_asset";');
  }
}
