import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';

/**
 * One webhook Meta delivered to the bridge, as it came (its signature held), stored by the worker
 * that maps it into Kedai; `receivedAt` is when the API took it. The same body delivered again
 * (Meta retries) is the same row.
 */
@Entity({ tableName: 'whatsapp_inbound' })
@Index({
  name: 'whatsapp_inbound_pending_idx',
  expression: 'create index "whatsapp_inbound_pending_idx" on "whatsapp_inbound" ("received_at") where "processed_at" is null',
})
export class WhatsappInbound {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  /** Hex SHA-256 of the body: a redelivery of the same bytes is refused by this key. */
  @Property({ type: 'text' })
  @Unique({ name: 'whatsapp_inbound_body_sha256_key' })
  readonly bodySha256!: string;

  @Property({ type: 'text' })
  readonly body!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly receivedAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  processedAt: Date | null = null;

  /** What the worker made of it, e.g. `2 messages, 1 status` or `unknown number 123`. */
  @Property({ type: 'text', nullable: true })
  outcome: string | null = null;
}
