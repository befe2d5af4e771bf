import { Migration } from '@mikro-orm/migrations';

/**
 * Wakes the outbox relay when rows commit instead of waiting for its next poll: a statement-level
 * trigger sends a notification, which PostgreSQL delivers only at commit (and once per
 * transaction, however many rows), so a relay listening for it starts at once. Polling stays as
 * the fallback for a notification lost while the relay's listening connection was down.
 */
export class Migration20261130070000_outbox_wakeup extends Migration {
  override name = 'Migration20261130070000_outbox_wakeup';

  override up(): void {
    this.addSql(`
      create function "outbox_notify"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kedai_outbox', '');
        return null;
      end $$;`);
    this.addSql(`create trigger "outbox_notify" after insert on "outbox" for each statement execute function "outbox_notify"();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists "outbox_notify" on "outbox";');
    this.addSql('drop function if exists "outbox_notify"();');
  }
}
