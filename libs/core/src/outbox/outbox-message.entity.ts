import { Check, Entity, Index, PrimaryKey, Property, Trigger } from '@mikro-orm/decorators/legacy';
import { newId } from '../database/ids';
import { traceCarrier } from '../tracing/tracing';

/**
 * A job waiting to be handed to BullMQ. Written in the same transaction as the change that
 * caused it, so a rollback never leaves a job behind and a commit never loses one.
 */
@Entity({ tableName: 'outbox' })
// Wakes the relay at commit when a row is due (see Migration20261130070000_outbox_wakeup and
// Migration20261205140100_outbox_notify_when_due).
@Trigger({
  name: 'outbox_notify',
  timing: 'after',
  events: ['insert'],
  forEach: 'statement',
  expression:
    'create trigger "outbox_notify" after insert on "outbox" referencing new table as inserted for each statement execute function "outbox_notify"()',
})
@Check({ name: 'outbox_queue_check', expression: "queue <> ''" })
@Check({ name: 'outbox_name_check', expression: "name <> ''" })
@Check({ name: 'outbox_priority_check', expression: 'priority >= 1 and priority <= 2097152' })
@Index({
  name: 'outbox_pending_idx',
  expression: 'create index "outbox_pending_idx" on "outbox" ("available_at", "id") where "sent_at" is null',
})
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  readonly queue: string;

  @Property({ type: 'text' })
  readonly name: string;

  @Property({ type: 'jsonb' })
  readonly payload: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  /** Not relayed before this time: delayed jobs wait here, in PostgreSQL, not in Redis. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly availableAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  sentAt?: Date;

  /** The trace this work belongs to (W3C traceparent as JSON), continued by the job; null when untraced. */
  @Property({ type: 'text', nullable: true })
  readonly traceContext: string | null = traceCarrier();

  /** BullMQ priority (1 first); null: plain first in, first out. */
  @Property({ type: 'integer', nullable: true })
  readonly priority: number | null;

  constructor(queue: string, name: string, payload: unknown, availableAt: Date = new Date(), priority: number | null = null) {
    if (!queue || !name) throw new Error('an outbox message needs a queue and a job name');
    this.queue = queue;
    this.name = name;
    this.payload = payload;
    this.availableAt = availableAt;
    this.priority = priority;
  }
}
