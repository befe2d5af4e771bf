import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { PaymentIntent } from './payment-intent.entity';

/** Money sent back to the payer from a captured intent; all refunds of an intent sum to ≤ what was captured. */
@Entity({ tableName: 'payment_refund' })
@Index({ name: 'payment_refund_intent_idx', properties: ['intentId'] })
@Check({ name: 'payment_refund_amount_check', expression: 'amount_minor > 0' })
@Check({ name: 'payment_refund_reason_check', expression: 'char_length(reason) <= 500' })
export class PaymentRefund {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => PaymentIntent, { mapToPk: true, joinColumn: 'intent_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly intentId: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text', default: '' })
  readonly reason: string = '';

  @Property({ type: 'text' })
  readonly pspRefundId: string;

  /** Who asked: `person:<id>`, `business:<id>` (an API key) or `system:<name>`. */
  @Property({ type: 'text' })
  readonly createdBy: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: {
    id?: string;
    intentId: string;
    amountMinor: bigint;
    currency: string;
    reason: string;
    pspRefundId: string;
    createdBy: string;
  }) {
    if (input.amountMinor <= 0n) throw new RangeError('a refund is a positive amount');
    if (input.id) this.id = input.id;
    this.intentId = input.intentId;
    this.amountMinor = input.amountMinor;
    this.currency = input.currency;
    this.reason = input.reason;
    this.pspRefundId = input.pspRefundId;
    this.createdBy = input.createdBy;
  }
}
