import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Person } from '@kedai/identity/entities/person.entity';
import { Business } from '@kedai/business/entities/business.entity';
import type { IntentState } from '../intent-state-machine';
import { FundingSource } from './funding-source.entity';

export const PURPOSE_KINDS = ['order', 'transfer'] as const;
export type PurposeKind = (typeof PURPOSE_KINDS)[number];
export type CaptureMethod = 'automatic' | 'manual';

/** What the shopper must do next: today only a 3-D Secure challenge. */
export interface NextAction {
  type: 'three_ds_challenge';
  challengeId: string;
}

/**
 * One attempt to collect an amount from a person for a purpose (an order, later a transfer). Its
 * state moves only along INTENT_TRANSITIONS; amounts only grow, and the database checks that
 * captured ≤ authorised ≤ amount and refunded + disputed ≤ captured.
 */
@Entity({ tableName: 'payment_intent' })
@Index({
  name: 'payment_intent_order_paid_key',
  expression:
    'create unique index "payment_intent_order_paid_key" on "payment_intent" ("purpose_kind", "reference_id") where "state" in (\'processing\', \'requires_capture\', \'succeeded\')',
})
@Index({ name: 'payment_intent_payer_idx', properties: ['payerId', 'createdAt'] })
@Index({ name: 'payment_intent_business_idx', properties: ['businessId', 'createdAt'] })
@Index({
  name: 'payment_intent_processing_idx',
  expression:
    'create index "payment_intent_processing_idx" on "payment_intent" ("processing_since") where "state" = \'processing\'',
})
@Check({
  name: 'payment_intent_purpose_check',
  expression: "purpose_kind in ('order', 'transfer') and char_length(reference_id) >= 1 and char_length(reference_id) <= 200",
})
@Check({ name: 'payment_intent_amount_check', expression: 'amount_minor > 0 and amount_minor <= 1000000000000' })
@Check({ name: 'payment_intent_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({
  name: 'payment_intent_state_check',
  expression:
    "state in ('requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled')",
})
@Check({
  name: 'payment_intent_payee_check',
  expression:
    "(business_id is null) <> (payee_person_id is null) and (purpose_kind = 'transfer') = (payee_person_id is not null)",
})
@Check({ name: 'payment_intent_capture_method_check', expression: "capture_method in ('automatic', 'manual')" })
@Check({ name: 'payment_intent_fee_check', expression: 'fee_bps >= 0 and fee_bps <= 5000' })
@Check({
  name: 'payment_intent_amounts_check',
  expression:
    'amount_authorized <= amount_minor and amount_captured >= 0 and amount_captured <= amount_authorized and amount_refunded >= 0 and amount_disputed >= 0 and amount_refunded + amount_disputed <= amount_captured',
})
export class PaymentIntent {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'payer_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly payerId: string;

  /** The payee business; null for person-to-person transfers, which name `payeePersonId` instead. */
  @ManyToOne(() => Business, {
    mapToPk: true,
    joinColumn: 'business_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly businessId: string | null;

  /** The person a transfer pays (into their Kedai wallet); null for payments to a business. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'payee_person_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly payeePersonId: string | null = null;

  @Property({ type: 'text' })
  readonly purposeKind: PurposeKind;

  @Property({ type: 'text' })
  readonly referenceId: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor: bigint;

  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text' })
  state: IntentState;

  @Property({ type: 'text', default: 'automatic' })
  readonly captureMethod: CaptureMethod = 'automatic';

  @ManyToOne(() => FundingSource, {
    mapToPk: true,
    joinColumn: 'funding_source_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  fundingSourceId: string | null = null;

  /** Confirmations so far; the PSP's idempotency key is `<id>:<attempt>`, so a retry after a failure is a new charge. */
  @Property({ type: 'integer', default: 0 })
  attempt: number = 0;

  @Property({ type: 'text', nullable: true })
  @Unique({ name: 'payment_intent_psp_charge_id_key' })
  pspChargeId: string | null = null;

  /** The platform fee rate fixed when the intent was created, in basis points. */
  @Property({ type: 'integer', default: 0 })
  readonly feeBps: number = 0;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  amountAuthorized: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  amountCaptured: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  amountRefunded: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  amountDisputed: bigint = 0n;

  @Property({ type: 'text', nullable: true })
  failureCode: string | null = null;

  @Property({ type: 'text', nullable: true })
  failureMessage: string | null = null;

  @Property({ type: 'jsonb', nullable: true })
  nextAction: NextAction | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  processingSince: Date | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();

  constructor(input: {
    /** Omitted: a fresh time-ordered id; a one-call payment names it after its idempotency key. */
    id?: string;
    payerId: string;
    businessId: string | null;
    payeePersonId?: string | null;
    purposeKind: PurposeKind;
    referenceId: string;
    amountMinor: bigint;
    currency: string;
    captureMethod: CaptureMethod;
    fundingSourceId: string | null;
    feeBps: number;
  }) {
    if (input.amountMinor <= 0n || input.amountMinor > 10n ** 12n) throw new RangeError('amount must be positive');
    if (input.id) this.id = input.id;
    this.payerId = input.payerId;
    this.businessId = input.businessId;
    this.payeePersonId = input.payeePersonId ?? null;
    this.purposeKind = input.purposeKind;
    this.referenceId = input.referenceId;
    this.amountMinor = input.amountMinor;
    this.currency = input.currency;
    this.captureMethod = input.captureMethod;
    this.fundingSourceId = input.fundingSourceId;
    this.feeBps = input.feeBps;
    this.state = input.fundingSourceId ? 'requires_confirmation' : 'requires_payment_method';
  }
}
