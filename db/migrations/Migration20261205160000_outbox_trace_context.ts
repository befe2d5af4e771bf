import { Migration } from '@mikro-orm/migrations';

/** The trace an outbox row's work belongs to (W3C traceparent as JSON), continued by its job. */
export class Migration20261205160000_outbox_trace_context extends Migration {
  override name = 'Migration20261205160000_outbox_trace_context';

  override up(): void {
    this.addSql(`alter table "outbox" add column "trace_context" text null;`);
  }

  override down(): void {
    this.addSql(`alter table "outbox" drop column "trace_context";`);
  }
}
