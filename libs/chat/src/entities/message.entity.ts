import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Business } from '@kedai/business/entities/business.entity';
import { Person } from '@kedai/identity/entities/person.entity';
import { Conversation } from './conversation.entity';

/** Message kinds after the WhatsApp Cloud API's. */
export const MESSAGE_KINDS = [
  'text',
  'image',
  'product',
  'product_list',
  'catalog',
  'order',
  'order_details',
  'order_status',
  'payment',
  'payment_request',
  'interactive',
  'interactive_reply',
  'system',
  'reaction',
  'location',
  'contacts',
  'unsupported',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];
export type SenderKind = 'person' | 'business' | 'bot' | 'system';

/** One message. `seq` numbers a conversation's messages 1, 2, 3… with no gap a reader can see. */
@Entity({ tableName: 'message' })
@Unique({ name: 'message_conversation_seq_key', properties: ['conversationId', 'seq'] })
@Index({
  name: 'message_client_id_key',
  expression:
    'create unique index "message_client_id_key" on "message" ("conversation_id", coalesce("sender_person_id", "sender_business_id"), "client_message_id") where "client_message_id" is not null',
})
@Check({ name: 'message_seq_check', expression: 'seq >= 1' })
@Check({ name: 'message_sender_kind_check', expression: "sender_kind in ('person', 'business', 'bot', 'system')" })
@Check({
  name: 'message_kind_check',
  expression:
    "kind in ('text', 'image', 'product', 'product_list', 'catalog', 'order', 'order_details', 'order_status', 'payment', 'payment_request', 'interactive', 'interactive_reply', 'system', 'reaction', 'location', 'contacts', 'unsupported')",
})
@Check({ name: 'message_payload_check', expression: "jsonb_typeof(payload) = 'object'" })
@Check({
  name: 'message_client_message_id_check',
  expression: 'char_length(client_message_id) >= 1 and char_length(client_message_id) <= 128',
})
export class Message {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Conversation, { mapToPk: true, joinColumn: 'conversation_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly conversationId: string;

  @Property({ type: new BigIntType('number') })
  readonly seq: number;

  @Property({ type: 'text' })
  readonly senderKind: SenderKind;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'sender_person_id',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  readonly senderPersonId: string | null;

  @ManyToOne(() => Business, {
    mapToPk: true,
    joinColumn: 'sender_business_id',
    nullable: true,
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly senderBusinessId: string | null;

  @Property({ type: 'text', nullable: true })
  readonly clientMessageId: string | null;

  @Property({ type: 'text' })
  readonly kind: MessageKind;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Set when an outbound bridge (the WhatsApp Cloud API) could not deliver it. */
  @Property({ type: 'text', nullable: true })
  failedReason: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  /** Deleted for everyone: the payload is gone, the tombstone keeps its place in the sequence. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;

  constructor(input: {
    conversationId: string;
    seq: number;
    senderKind: SenderKind;
    senderPersonId?: string | null;
    senderBusinessId?: string | null;
    clientMessageId?: string | null;
    kind: MessageKind;
    payload: Record<string, unknown>;
  }) {
    this.conversationId = input.conversationId;
    this.seq = input.seq;
    this.senderKind = input.senderKind;
    this.senderPersonId = input.senderPersonId ?? null;
    this.senderBusinessId = input.senderBusinessId ?? null;
    this.clientMessageId = input.clientMessageId ?? null;
    this.kind = input.kind;
    this.payload = input.payload;
  }

  deleteForEveryone(now: Date): void {
    this.deletedAt ??= now;
    this.payload = {};
  }
}
