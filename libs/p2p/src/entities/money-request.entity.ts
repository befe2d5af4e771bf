import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Conversation } from '@kedai/chat/entities/conversation.entity';
import { Person } from '@kedai/identity/entities/person.entity';
import type { RequestStatus } from '../p2p-states';
import { Transfer } from './transfer.entity';

export const SPLITS = ['even', 'amounts'] as const;
export type Split = (typeof SPLITS)[number];

/** A request to a group: the total and how it was split; each member's part is a MoneyRequest. */
@Entity({ tableName: 'money_request_group' })
@Check({ name: 'money_request_group_total_check', expression: 'total_minor > 0 and total_minor <= 1000000000000' })
@Check({ name: 'money_request_group_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'money_request_group_split_check', expression: "split in ('even', 'amounts')" })
@Check({ name: 'money_request_group_note_check', expression: 'char_length(note) <= 500' })
export class MoneyRequestGroup {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Conversation, {
    mapToPk: true,
    joinColumn: 'conversation_id',
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly conversationId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'requester_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly requesterId!: string;

  @Property({ type: new BigIntType('bigint') })
  readonly totalMinor!: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency!: string;

  @Property({ type: 'text', default: '' })
  readonly note: string = '';

  @Property({ type: 'text' })
  readonly split!: Split;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: Pick<MoneyRequestGroup, 'conversationId' | 'requesterId' | 'totalMinor' | 'currency' | 'note' | 'split'>) {
    Object.assign(this, input);
  }
}

/**
 * Money one person asks of another. Its status moves only along REQUEST_TRANSITIONS, under the
 * row's lock: paying first claims it (pending → paying), so a cancel, decline or expiry that comes
 * at the same moment finds it no longer pending, and it is paid at most once.
 */
@Entity({ tableName: 'money_request' })
@Index({ name: 'money_request_payer_idx', properties: ['payerId', 'status'] })
@Index({ name: 'money_request_group_idx', properties: ['groupId'] })
@Check({ name: 'money_request_amount_check', expression: 'amount_minor > 0 and amount_minor <= 1000000000000' })
@Check({ name: 'money_request_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({
  name: 'money_request_status_check',
  expression: "status in ('pending', 'paying', 'paid', 'declined', 'canceled', 'expired')",
})
@Check({ name: 'money_request_paid_check', expression: "(status in ('paying', 'paid')) = (transfer_id is not null)" })
@Check({ name: 'money_request_parties_check', expression: 'requester_id <> payer_id' })
@Check({ name: 'money_request_note_check', expression: 'char_length(note) <= 500' })
export class MoneyRequest {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Conversation, {
    mapToPk: true,
    joinColumn: 'conversation_id',
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly conversationId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'requester_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly requesterId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'payer_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly payerId!: string;

  @ManyToOne(() => MoneyRequestGroup, {
    mapToPk: true,
    joinColumn: 'group_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly groupId: string | null = null;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor!: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency!: string;

  @Property({ type: 'text', default: '' })
  readonly note: string = '';

  @Property({ type: 'text', default: 'pending' })
  status: RequestStatus = 'pending';

  @ManyToOne(() => Transfer, {
    mapToPk: true,
    joinColumn: 'transfer_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  @Unique({ name: 'money_request_transfer_id_key' })
  transferId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  readonly expiresAt: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(
    input: Pick<
      MoneyRequest,
      'conversationId' | 'requesterId' | 'payerId' | 'amountMinor' | 'currency' | 'note' | 'expiresAt'
    > & {
      groupId?: string | null;
    },
  ) {
    if (input.requesterId === input.payerId) throw new RangeError('a request needs two people');
    if (input.amountMinor <= 0n) throw new RangeError('amount must be positive');
    Object.assign(this, { ...input, groupId: input.groupId ?? null });
  }
}
