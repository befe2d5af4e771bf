import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { PaymentIntent } from './payment-intent.entity';

export type DisputeStatus = 'open' | 'won' | 'lost';

/** A chargeback the PSP told us about: its amount is held from the merchant until it is won or lost. */
@Entity({ tableName: 'payment_dispute' })
@Index({ name: 'payment_dispute_intent_idx', properties: ['intentId'] })
@Check({ name: 'payment_dispute_amount_check', expression: 'amount_minor > 0' })
@Check({ name: 'payment_dispute_status_check', expression: "status in ('open', 'won', 'lost')" })
@Check({ name: 'payment_dispute_closed_check', expression: "(status = 'open') = (closed_at is null)" })
export class PaymentDispute {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => PaymentIntent, { mapToPk: true, joinColumn: 'intent_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly intentId: string;

  @Property({ type: 'text' })
  @Unique({ name: 'payment_dispute_psp_dispute_id_key' })
  readonly pspDisputeId: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text', default: '' })
  readonly reason: string = '';

  @Property({ type: 'text', default: 'open' })
  status: DisputeStatus = 'open';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  closedAt: Date | null = null;

  constructor(input: { intentId: string; pspDisputeId: string; amountMinor: bigint; currency: string; reason: string }) {
    this.intentId = input.intentId;
    this.pspDisputeId = input.pspDisputeId;
    this.amountMinor = input.amountMinor;
    this.currency = input.currency;
    this.reason = input.reason;
  }
}
