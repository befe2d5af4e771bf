import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Person } from '@kedai/identity/entities/person.entity';
import type { LinkStatus, ReportReason, ReportStatus } from '../p2p-states';
import { Transfer } from './transfer.entity';

/** One person's block of another: neither may send money to, or ask it of, the other. */
@Entity({ tableName: 'p2p_block' })
@Unique({ name: 'p2p_block_pair_key', properties: ['blockerId', 'blockedId'] })
@Index({ name: 'p2p_block_blocked_idx', properties: ['blockedId'] })
@Check({ name: 'p2p_block_self_check', expression: 'blocker_id <> blocked_id' })
export class P2pBlock {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'blocker_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly blockerId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'blocked_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly blockedId!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();
}

/** A one-off link asking for a fixed amount: paid once, before it expires. */
@Entity({ tableName: 'payment_link' })
@Index({ name: 'payment_link_owner_idx', properties: ['ownerId', 'createdAt'] })
@Check({ name: 'payment_link_amount_check', expression: 'amount_minor > 0 and amount_minor <= 1000000000000' })
@Check({ name: 'payment_link_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'payment_link_status_check', expression: "status in ('active', 'paying', 'used')" })
@Check({ name: 'payment_link_used_check', expression: "(status in ('paying', 'used')) = (transfer_id is not null)" })
@Check({ name: 'payment_link_note_check', expression: 'char_length(note) <= 500' })
export class PaymentLink {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  @Unique({ name: 'payment_link_token_key' })
  readonly token!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'owner_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly ownerId!: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor!: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency!: string;

  @Property({ type: 'text', default: '' })
  readonly note: string = '';

  @Property({ type: 'text', default: 'active' })
  status: LinkStatus = 'active';

  @Property({ type: 'timestamptz' })
  readonly expiresAt!: Date;

  @ManyToOne(() => Transfer, {
    mapToPk: true,
    joinColumn: 'transfer_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  transferId: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: Pick<PaymentLink, 'token' | 'ownerId' | 'amountMinor' | 'currency' | 'note' | 'expiresAt'>) {
    Object.assign(this, input);
  }
}

/** A sender's report on a transfer (not received, unauthorised): a case both people can see. */
@Entity({ tableName: 'transfer_report' })
@Check({ name: 'transfer_report_reason_check', expression: "reason in ('not_received', 'unauthorised')" })
@Check({ name: 'transfer_report_status_check', expression: "status in ('open', 'under_review', 'resolved', 'rejected')" })
export class TransferReport {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Transfer, { mapToPk: true, joinColumn: 'transfer_id', deleteRule: 'no action', updateRule: 'no action' })
  @Unique({ name: 'transfer_report_transfer_id_key' })
  readonly transferId!: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'reporter_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly reporterId!: string;

  @Property({ type: 'text' })
  readonly reason!: ReportReason;

  @Property({ type: 'text', default: 'open' })
  status: ReportStatus = 'open';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: Pick<TransferReport, 'transferId' | 'reporterId' | 'reason'>) {
    Object.assign(this, input);
  }
}
