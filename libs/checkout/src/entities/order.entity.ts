import { BigIntType, PrimaryKeyProp } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Business } from '@kedai/business/entities/business.entity';
import { ProductVariant } from '@kedai/catalog/entities/product-variant.entity';
import { Conversation } from '@kedai/chat/entities/conversation.entity';
import { Person } from '@kedai/identity/entities/person.entity';
import { ORDER_STATUSES, type OrderStatus } from '../order-states';
import { ShippingOption } from './settings.entity';

export type Hold = 'merchant_review' | 'price_changed';

/** An order sent from a cart in the chat. Money is integer minor units in the business's currency. */
@Entity({ tableName: 'shop_order' })
@Unique({ name: 'shop_order_person_idempotency_key', properties: ['personId', 'idempotencyKey'] })
@Index({ name: 'shop_order_business_idx', properties: ['businessId', 'status', 'createdAt'] })
@Index({ name: 'shop_order_person_idx', properties: ['personId', 'createdAt'] })
// The order sweeper's pass: only orders the bot has not decided (OrderSweeper).
@Index({
  name: 'shop_order_undecided_idx',
  expression:
    'create index "shop_order_undecided_idx" on "shop_order" ("updated_at") where "status" = \'pending\' and "hold" is null',
})
// The payment-window sweep: only unpaid orders, by expiry (OrderSweeper.closeExpired).
@Index({
  name: 'shop_order_expiring_idx',
  expression: 'create index "shop_order_expiring_idx" on "shop_order" ("expires_at") where "status" = \'awaiting_payment\'',
})
@Check({
  name: 'shop_order_status_check',
  expression:
    "status in ('pending', 'awaiting_payment', 'paid', 'processing', 'shipped', 'completed', 'canceled', 'refunded', 'partially_refunded')",
})
@Check({ name: 'shop_order_hold_check', expression: "hold in ('merchant_review', 'price_changed')" })
@Check({
  name: 'shop_order_money_check',
  expression:
    'subtotal_minor >= 0 and discount_minor >= 0 and discount_minor <= subtotal_minor and tax_minor >= 0 and shipping_minor >= 0 and total_minor = subtotal_minor - discount_minor + tax_minor + shipping_minor',
})
@Check({ name: 'shop_order_note_check', expression: 'char_length(note) <= 1000' })
export class Order {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  /** What shoppers and merchants quote: short, unique, unguessable enough (KD-7F3K9Q). */
  @Property({ type: 'text' })
  @Unique({ name: 'shop_order_reference_id_key' })
  readonly referenceId: string;

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @ManyToOne(() => Person, { mapToPk: true, joinColumn: 'person_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly personId: string;

  @ManyToOne(() => Conversation, { mapToPk: true, joinColumn: 'conversation_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly conversationId: string;

  @Property({ type: 'text', default: 'pending' })
  status: OrderStatus = 'pending';

  /** Why a pending order waits: the merchant has to accept it, or the shopper has to accept new prices. */
  @Property({ type: 'text', nullable: true })
  hold: Hold | null = null;

  @Property({ type: 'text' })
  readonly idempotencyKey: string;

  @Property({ type: 'text', default: '' })
  readonly note: string;

  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text', nullable: true })
  readonly discountCode: string | null;

  @ManyToOne(() => ShippingOption, {
    mapToPk: true,
    joinColumn: 'shipping_option_id',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  shippingOptionId: string | null;

  @Property({ type: new BigIntType('bigint') })
  subtotalMinor: bigint;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  discountMinor: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  taxMinor: bigint = 0n;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  shippingMinor: bigint = 0n;

  @Property({ type: new BigIntType('bigint') })
  totalMinor: bigint;

  /** When the order was accepted: by the bot (automatic acceptance) or by the merchant. */
  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  /** When an unpaid order's reservation lapses. */
  @Property({ type: 'timestamptz', nullable: true })
  expiresAt: Date | null = null;

  /** The last error of the order bot, once it has given up (the merchant sees it and can retry). */
  @Property({ type: 'text', nullable: true })
  botError: string | null = null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(input: {
    referenceId: string;
    businessId: string;
    personId: string;
    conversationId: string;
    idempotencyKey: string;
    note?: string;
    currency: string;
    discountCode?: string | null;
    shippingOptionId?: string | null;
    subtotalMinor: bigint;
  }) {
    this.referenceId = input.referenceId;
    this.businessId = input.businessId;
    this.personId = input.personId;
    this.conversationId = input.conversationId;
    this.idempotencyKey = input.idempotencyKey;
    this.note = input.note ?? '';
    this.currency = input.currency;
    this.discountCode = input.discountCode ?? null;
    this.shippingOptionId = input.shippingOptionId ?? null;
    this.subtotalMinor = input.subtotalMinor;
    this.totalMinor = input.subtotalMinor;
  }

  price(p: { subtotal: bigint; discount: bigint; tax: bigint; shipping: bigint }): void {
    this.subtotalMinor = p.subtotal;
    this.discountMinor = p.discount;
    this.taxMinor = p.tax;
    this.shippingMinor = p.shipping;
    this.totalMinor = p.subtotal - p.discount + p.tax + p.shipping;
  }
}

/** A line of an order: what was bought, at the price the shopper agreed to. */
@Entity({ tableName: 'order_line' })
@Check({ name: 'order_line_quantity_check', expression: 'quantity >= 1' })
@Check({ name: 'order_line_price_check', expression: 'unit_price_minor > 0' })
export class OrderLine {
  [PrimaryKeyProp]?: ['orderId', 'lineNo'];

  @ManyToOne(() => Order, {
    primary: true,
    mapToPk: true,
    joinColumn: 'order_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly orderId: string;

  @PrimaryKey({ type: 'integer' })
  readonly lineNo: number;

  @Property({ type: 'uuid' })
  readonly productId: string;

  @ManyToOne(() => ProductVariant, {
    mapToPk: true,
    joinColumn: 'variant_id',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  readonly variantId: string | null;

  @Property({ type: 'text' })
  readonly sku: string;

  @Property({ type: 'text' })
  readonly name: string;

  @Property({ type: 'integer' })
  readonly quantity: number;

  @Property({ type: new BigIntType('bigint') })
  unitPriceMinor: bigint;

  constructor(input: {
    orderId: string;
    lineNo: number;
    productId: string;
    variantId: string;
    sku: string;
    name: string;
    quantity: number;
    unitPriceMinor: bigint;
  }) {
    this.orderId = input.orderId;
    this.lineNo = input.lineNo;
    this.productId = input.productId;
    this.variantId = input.variantId;
    this.sku = input.sku;
    this.name = input.name;
    this.quantity = input.quantity;
    this.unitPriceMinor = input.unitPriceMinor;
  }
}

/** One move of an order between states: who, when, why. Never changed. */
@Entity({ tableName: 'order_transition' })
@Index({ name: 'order_transition_order_idx', properties: ['orderId', 'createdAt'] })
export class OrderTransition {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Order, { mapToPk: true, joinColumn: 'order_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly orderId: string;

  @Property({ type: 'text' })
  readonly fromStatus: OrderStatus;

  @Property({ type: 'text' })
  readonly toStatus: OrderStatus;

  /** `person:<id>`, `apikey:<id>`, `bot`, `system:<name>`. */
  @Property({ type: 'text' })
  readonly actor: string;

  @Property({ type: 'text', default: '' })
  readonly note: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(orderId: string, from: OrderStatus, to: OrderStatus, actor: string, note = '') {
    this.orderId = orderId;
    this.fromStatus = from;
    this.toStatus = to;
    this.actor = actor;
    this.note = note;
  }
}

export type ReservationState = 'held' | 'released' | 'sold';

/** Units of a variant set aside for an order until it is paid (sold) or lapses (released). */
@Entity({ tableName: 'stock_reservation' })
@Check({ name: 'stock_reservation_quantity_check', expression: 'quantity >= 1' })
@Check({ name: 'stock_reservation_state_check', expression: "state in ('held', 'released', 'sold')" })
export class StockReservation {
  [PrimaryKeyProp]?: ['orderId', 'variantId'];

  @ManyToOne(() => Order, {
    primary: true,
    mapToPk: true,
    joinColumn: 'order_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly orderId: string;

  @ManyToOne(() => ProductVariant, {
    primary: true,
    mapToPk: true,
    joinColumn: 'variant_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly variantId: string;

  @Property({ type: 'integer' })
  readonly quantity: number;

  @Property({ type: 'text', default: 'held' })
  state: ReservationState = 'held';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(orderId: string, variantId: string, quantity: number) {
    this.orderId = orderId;
    this.variantId = variantId;
    this.quantity = quantity;
  }
}

export { ORDER_STATUSES };
