import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A PSP webhook event already applied: its id is unique, so a replayed event changes nothing. */
@Entity({ tableName: 'psp_webhook_event' })
export class PspWebhookEvent {
  @PrimaryKey({ type: 'text' })
  readonly eventId!: string;

  @Property({ type: 'text' })
  readonly type!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly receivedAt: Date = new Date();
}
