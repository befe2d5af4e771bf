import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Business } from '@kedai/business/entities/business.entity';

export const LANGUAGES = ['en', 'ms'] as const;
export type Language = (typeof LANGUAGES)[number];

/** How a business takes orders. A business without a row takes the defaults. */
@Entity({ tableName: 'checkout_settings' })
@Check({ name: 'checkout_settings_tax_rate_bp_check', expression: 'tax_rate_bp >= 0 and tax_rate_bp <= 10000' })
@Check({ name: 'checkout_settings_language_check', expression: "language in ('en', 'ms')" })
@Check({ name: 'checkout_settings_payment_window_s_check', expression: 'payment_window_s >= 60 and payment_window_s <= 86400' })
export class CheckoutSettings {
  @ManyToOne(() => Business, {
    primary: true,
    mapToPk: true,
    joinColumn: 'business_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string;

  /** The bot sends the payment request by itself; otherwise the merchant accepts each order first. */
  @Property({ type: 'boolean', default: true })
  autoAccept: boolean = true;

  /** Tax in basis points of the discounted subtotal (600 = 6%). */
  @Property({ type: 'integer', default: 0 })
  taxRateBp: number = 0;

  /** The language of the bot's messages. */
  @Property({ type: 'text', default: 'en' })
  language: Language = 'en';

  /** How long a shopper has to pay before the reservation lapses. */
  @Property({ type: 'integer', default: 900 })
  paymentWindowS: number = 900;

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(businessId: string) {
    this.businessId = businessId;
  }
}

export type ShippingKind = 'pickup' | 'flat';

/** A way to get an order: pickup (free), or delivery at a flat fee, optionally free over an amount. */
@Entity({ tableName: 'shipping_option' })
@Index({ name: 'shipping_option_business_idx', properties: ['businessId', 'position'] })
@Check({ name: 'shipping_option_kind_check', expression: "kind in ('pickup', 'flat')" })
@Check({ name: 'shipping_option_name_check', expression: 'char_length(name) >= 1 and char_length(name) <= 60' })
@Check({ name: 'shipping_option_fee_check', expression: "fee_minor >= 0 and (kind = 'flat' or fee_minor = 0)" })
@Check({ name: 'shipping_option_free_over_check', expression: 'free_over_minor > 0' })
export class ShippingOption {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  kind: ShippingKind;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  feeMinor: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  freeOverMinor: bigint | null = null;

  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  constructor(input: {
    businessId: string;
    kind: ShippingKind;
    name: string;
    feeMinor?: bigint;
    freeOverMinor?: bigint | null;
    position: number;
  }) {
    this.businessId = input.businessId;
    this.kind = input.kind;
    this.name = input.name;
    this.feeMinor = input.kind === 'pickup' ? 0n : (input.feeMinor ?? 0n);
    this.freeOverMinor = input.freeOverMinor ?? null;
    this.position = input.position;
  }

  /** The fee for a subtotal (after discount). */
  feeFor(subtotalMinor: bigint): bigint {
    return shippingFee(this, subtotalMinor);
  }
}

/** A shipping option's fee for a subtotal (after discount): nothing once it reaches `freeOverMinor`. */
export function shippingFee(option: Pick<ShippingOption, 'feeMinor' | 'freeOverMinor'>, subtotalMinor: bigint): bigint {
  return option.freeOverMinor !== null && subtotalMinor >= option.freeOverMinor ? 0n : option.feeMinor;
}

export type DiscountKind = 'percent' | 'fixed';

/** A code a shopper types at checkout: a percentage (in basis points) or a fixed amount off. */
@Entity({ tableName: 'discount_code' })
@Unique({ name: 'discount_code_business_code_key', properties: ['businessId', 'code'] })
@Check({ name: 'discount_code_code_check', expression: "code ~ '^[A-Z0-9_-]{3,32}$'" })
@Check({ name: 'discount_code_kind_check', expression: "kind in ('percent', 'fixed')" })
@Check({ name: 'discount_code_value_check', expression: "value > 0 and (kind = 'fixed' or value <= 10000)" })
@Check({ name: 'discount_code_used_check', expression: 'used >= 0 and (max_uses is null or used <= max_uses)' })
export class DiscountCode {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  readonly code: string;

  @Property({ type: 'text' })
  readonly kind: DiscountKind;

  /** Basis points for percent codes, minor units for fixed ones. */
  @Property({ type: new BigIntType('bigint') })
  readonly value: bigint;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  minSubtotalMinor: bigint = 0n;

  @Property({ type: 'integer', nullable: true })
  maxUses: number | null = null;

  @Property({ type: 'integer', default: 0 })
  used: number = 0;

  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: { businessId: string; code: string; kind: DiscountKind; value: bigint }) {
    this.businessId = input.businessId;
    this.code = input.code;
    this.kind = input.kind;
    this.value = input.value;
  }

  /** What it takes off a subtotal: never more than the subtotal; percentages round down to the minor unit. */
  discountFor(subtotalMinor: bigint): bigint {
    const off = this.kind === 'percent' ? (subtotalMinor * this.value) / 10_000n : this.value;
    return off > subtotalMinor ? subtotalMinor : off;
  }
}
