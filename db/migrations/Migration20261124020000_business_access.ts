import { Migration } from '@mikro-orm/migrations';

/** Business access: a richer profile, members with roles, invitations by phone, and API keys. */
export class Migration20261124020000_business_access extends Migration {
  override name = 'Migration20261124020000_business_access';

  override up(): void {
    this.addSql(`
      alter table "business"
        add column "logo_url" text null,
        add column "contact_phone" text null,
        add column "opening_hours" jsonb null,
        add column "timezone" text not null default 'UTC',
        add constraint "business_logo_url_check" check ("logo_url" ~ '^https://' and char_length("logo_url") <= 2048),
        add constraint "business_contact_phone_check" check ("contact_phone" ~ '^\\+[1-9][0-9]{6,14}$'),
        add constraint "business_opening_hours_check" check (jsonb_typeof("opening_hours") = 'object'),
        add constraint "business_timezone_check" check ("timezone" <> '');`);

    this.addSql(`
      create table "business_member" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "person_id" uuid not null,
        "role" text not null,
        "created_at" timestamptz not null default now(),
        constraint "business_member_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "business_member_person_id_foreign" foreign key ("person_id") references "person" ("id") on delete cascade,
        constraint "business_member_business_person_key" unique ("business_id", "person_id"),
        constraint "business_member_role_check" check ("role" in ('owner', 'admin', 'agent'))
      );`);
    // myBusinesses looks members up by person; the unique key already serves lookups by business.
    this.addSql(`create index "business_member_person_idx" on "business_member" ("person_id");`);

    this.addSql(`
      create table "business_invitation" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "phone" text not null,
        "role" text not null,
        "invited_by" uuid null,
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "accepted_at" timestamptz null,
        "accepted_by" uuid null,
        "revoked_at" timestamptz null,
        constraint "business_invitation_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "business_invitation_invited_by_foreign" foreign key ("invited_by") references "person" ("id") on delete set null,
        constraint "business_invitation_accepted_by_foreign" foreign key ("accepted_by") references "person" ("id") on delete set null,
        constraint "business_invitation_phone_check" check ("phone" ~ '^\\+[1-9][0-9]{6,14}$'),
        constraint "business_invitation_role_check" check ("role" in ('admin', 'agent')),
        constraint "business_invitation_expiry_check" check ("expires_at" > "created_at"),
        constraint "business_invitation_outcome_check" check ("accepted_at" is null or "revoked_at" is null),
        constraint "business_invitation_accepted_by_check" check (("accepted_at" is null) = ("accepted_by" is null))
      );`);
    // Inviting the same phone again refreshes the open invitation (an upsert on this key).
    this.addSql(`
      create unique index "business_invitation_pending_key" on "business_invitation" ("business_id", "phone")
        where "accepted_at" is null and "revoked_at" is null;`);
    this.addSql(`create index "business_invitation_phone_idx" on "business_invitation" ("phone");`);

    this.addSql(`
      create table "api_key" (
        "id" uuid primary key,
        "business_id" uuid not null,
        "name" text not null,
        "prefix" text not null,
        "secret_hash" text not null,
        "scopes" text[] not null,
        "created_by" uuid null,
        "created_at" timestamptz not null default now(),
        "last_used_at" timestamptz null,
        "revoked_at" timestamptz null,
        constraint "api_key_business_id_foreign" foreign key ("business_id") references "business" ("id") on delete cascade,
        constraint "api_key_created_by_foreign" foreign key ("created_by") references "person" ("id") on delete set null,
        constraint "api_key_prefix_key" unique ("prefix"),
        constraint "api_key_name_check" check (char_length("name") between 1 and 100),
        constraint "api_key_prefix_check" check ("prefix" ~ '^[0-9a-f]{12}$'),
        constraint "api_key_secret_hash_check" check (char_length("secret_hash") = 43),
        constraint "api_key_scopes_check" check (
          cardinality("scopes") >= 1 and "scopes" <@ array['business:edit', 'catalog:write', 'orders:read', 'orders:refund',
            'chats:answer', 'members:manage', 'apikeys:manage']::text[])
      );`);
    this.addSql(`create index "api_key_business_idx" on "api_key" ("business_id");`);
  }

  override down(): void {
    this.addSql('drop table if exists "api_key";');
    this.addSql('drop table if exists "business_invitation";');
    this.addSql('drop table if exists "business_member";');
    this.addSql(`
      alter table "business"
        drop column "logo_url",
        drop column "contact_phone",
        drop column "opening_hours",
        drop column "timezone";`);
  }
}
