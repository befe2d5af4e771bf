import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { WhatsappChannel } from './channel.entity';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One webhook to a business's callback: the exact body that was signed, and how delivering it
 * went. Made once per thing that happened (`eventKey`), retried by the worker for 24 hours.
 */
@Entity({ tableName: 'whatsapp_webhook_delivery' })
@Index({ name: 'whatsapp_webhook_delivery_channel_idx', properties: ['channelId', 'createdAt'] })
@Check({ name: 'whatsapp_webhook_delivery_status_check', expression: "status in ('pending', 'delivered', 'failed')" })
@Check({ name: 'whatsapp_webhook_delivery_field_check', expression: "field in ('messages', 'statuses')" })
export class WhatsappWebhookDelivery {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => WhatsappChannel, { mapToPk: true, joinColumn: 'channel_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly channelId: string;

  /** What it is about, e.g. `message:<id>` or `status:sent:<id>`: a second delivery of the cause makes no second webhook. */
  @Property({ type: 'text' })
  @Unique({ name: 'whatsapp_webhook_delivery_event_key_key' })
  readonly eventKey: string;

  /** `messages` (a shopper wrote) or `statuses` (what became of a message the business sent). */
  @Property({ type: 'text' })
  readonly field: 'messages' | 'statuses';

  /** The JSON exactly as sent and signed. */
  @Property({ type: 'text' })
  readonly body: string;

  @Property({ type: 'text' })
  status: DeliveryStatus = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null = null;

  constructor(input: { channelId: string; eventKey: string; field: 'messages' | 'statuses'; body: string }) {
    this.channelId = input.channelId;
    this.eventKey = input.eventKey;
    this.field = input.field;
    this.body = input.body;
  }
}
