import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox trigger woke the relay for every insert statement, even one that inserted nothing (a
 * chat send's statement carries an outbox insert that only a shopper's message to a business
 * fills) or only rows due later (delayed jobs, the announcement fallbacks of posted messages): an
 * empty relay pass per chat message. It now looks at the statement's rows (a transition table)
 * and notifies only when one is due now; later ones are found by the relay's poll.
 */
export class Migration20261205140100_outbox_notify_when_due extends Migration {
  override name = 'Migration20261205140100_outbox_notify_when_due';

  override up(): void {
    this.addSql('drop trigger if exists "outbox_notify" on "outbox";');
    this.addSql(`
      create or replace function "outbox_notify"() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from inserted where available_at <= now()) then
          perform pg_notify('kedai_outbox', '');
        end if;
        return null;
      end $$;`);
    this.addSql(`
      create trigger "outbox_notify" after insert on "outbox" referencing new table as inserted
        for each statement execute function "outbox_notify"();`);
  }

  override down(): void {
    this.addSql('drop trigger if exists "outbox_notify" on "outbox";');
    this.addSql(`
      create or replace function "outbox_notify"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('kedai_outbox', '');
        return null;
      end $$;`);
    this.addSql(`create trigger "outbox_notify" after insert on "outbox" for each statement execute function "outbox_notify"();`);
  }
}
