import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Conversation } from '@kedai/chat/entities/conversation.entity';
import { Person } from '@kedai/identity/entities/person.entity';
import { PaymentIntent } from '@kedai/payments/entities/payment-intent.entity';
import type { TransferStatus } from '../p2p-states';

/**
 * Money one person sends another from a conversation. It is paid by a payment intent (purpose
 * `transfer`, payee the recipient), whose success posts the one ledger transaction from the
 * sender's funding to the recipient's Kedai wallet. One per sender and idempotency key.
 */
@Entity({ tableName: 'transfer' })
@Unique({ name: 'transfer_sender_idempotency_key', properties: ['senderId', 'idempotencyKey'] })
@Index({ name: 'transfer_sender_idx', properties: ['senderId', 'createdAt'] })
@Index({ name: 'transfer_recipient_idx', properties: ['recipientId', 'createdAt'] })
@Check({ name: 'transfer_amount_check', expression: 'amount_minor > 0 and amount_minor <= 1000000000000' })
@Check({ name: 'transfer_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'transfer_status_check', expression: "status in ('pending', 'completed', 'failed')" })
@Check({ name: 'transfer_parties_check', expression: 'sender_id <> recipient_id' })
@Check({ name: 'transfer_note_check', expression: 'char_length(note) <= 500' })
export class Transfer {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Conversation, {
    mapToPk: true,
    joinColumn: 'conversation_id',
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly conversationId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'sender_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly senderId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'recipient_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly recipientId: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text', default: '' })
  readonly note: string;

  @Property({ type: 'text', default: 'pending' })
  status: TransferStatus = 'pending';

  @ManyToOne(() => PaymentIntent, {
    mapToPk: true,
    joinColumn: 'intent_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  intentId: string | null = null;

  @Property({ type: 'text' })
  readonly idempotencyKey: string;

  @Property({ type: 'text', nullable: true })
  failureCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  failureMessage: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: {
    conversationId: string;
    senderId: string;
    recipientId: string;
    amountMinor: bigint;
    currency: string;
    note: string;
    idempotencyKey: string;
  }) {
    if (input.senderId === input.recipientId) throw new RangeError('a transfer needs two people');
    if (input.amountMinor <= 0n) throw new RangeError('amount must be positive');
    this.conversationId = input.conversationId;
    this.senderId = input.senderId;
    this.recipientId = input.recipientId;
    this.amountMinor = input.amountMinor;
    this.currency = input.currency;
    this.note = input.note;
    this.idempotencyKey = input.idempotencyKey;
  }
}
