import { Migration } from '@mikro-orm/migrations';

/**
 * The bot answers "where is my refund?" with the person's open refund requests: found by person,
 * newest first, instead of a scan of every business's requests.
 */
export class Migration20261205180000_support_refund_request_person extends Migration {
  override name = 'Migration20261205180000_support_refund_request_person';

  override up(): void {
    this.addSql(
      `create index "support_refund_request_person_open_idx" on "support_refund_request" ("person_id", "created_at") where "status" = 'open';`,
    );
  }

  override down(): void {
    this.addSql(`drop index "support_refund_request_person_open_idx";`);
  }
}
