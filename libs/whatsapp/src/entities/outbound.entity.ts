import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { WhatsappChannel } from './channel.entity';

export type OutboundStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * A Kedai message sent to a real WhatsApp number through the Graph API, and its Meta message id,
 * so Meta's statuses and replies (which name that id) lead back to the message.
 */
@Entity({ tableName: 'whatsapp_outbound' })
@Check({ name: 'whatsapp_outbound_status_check', expression: "status in ('queued', 'sent', 'delivered', 'read', 'failed')" })
export class WhatsappOutbound {
  /** The Kedai message. */
  @PrimaryKey({ type: 'uuid' })
  readonly messageId: string;

  @ManyToOne(() => WhatsappChannel, { mapToPk: true, joinColumn: 'channel_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly channelId: string;

  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'whatsapp_outbound_meta_message_id_key' })
  metaMessageId: string | null = null;

  @Property({ type: 'text' })
  status: OutboundStatus = 'queued';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'text', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(messageId: string, channelId: string) {
    this.messageId = messageId;
    this.channelId = channelId;
  }
}
