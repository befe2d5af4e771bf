import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { money, MoneyModel } from '@kedai/core';
import type { PricedCart } from '../cart.service';
import type { Order, OrderLine, OrderTransition } from '../entities/order.entity';
import type { CheckoutSettings, DiscountCode, ShippingOption } from '../entities/settings.entity';
import { ORDER_STATUSES, type OrderStatus } from '../order-states';

export const ORDER_STATUS_ENUM = Object.fromEntries(ORDER_STATUSES.map((s) => [s.toUpperCase(), s])) as Record<
  string,
  OrderStatus
>;
registerEnumType(ORDER_STATUS_ENUM, { name: 'OrderStatus' });

const m = (minor: bigint, currency: string) => MoneyModel.of(money(minor, currency));

@ObjectType('CartLine')
export class CartLineModel {
  @Field(() => ID)
  variantId!: string;

  @Field(() => ID)
  productId!: string;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => MoneyModel, { description: 'Now: what checkout would charge' })
  unitPrice!: MoneyModel;

  @Field(() => MoneyModel)
  lineTotal!: MoneyModel;

  @Field(() => String, { nullable: true, description: 'UNAVAILABLE or NOT_ENOUGH_STOCK: it cannot be ordered as it is' })
  problem!: string | null;
}

@ObjectType('Cart', { description: 'A shopper’s cart with one business, priced and checked on every read' })
export class CartModel {
  @Field(() => ID)
  businessId!: string;

  @Field(() => [CartLineModel])
  lines!: CartLineModel[];

  @Field(() => MoneyModel, { nullable: true, description: 'Null for an empty cart' })
  subtotal!: MoneyModel | null;

  @Field({ description: 'Every line can be ordered as it is' })
  orderable!: boolean;

  static from(c: PricedCart): CartModel {
    return Object.assign(new CartModel(), {
      businessId: c.businessId,
      lines: c.lines.map((l) => ({
        variantId: l.variant.variantId,
        productId: l.variant.productId,
        sku: l.variant.sku,
        name: l.variant.name,
        quantity: l.quantity,
        unitPrice: m(l.variant.priceMinor, l.variant.currency),
        lineTotal: m(l.lineTotalMinor, l.variant.currency),
        problem: l.problem?.toUpperCase() ?? null,
      })),
      subtotal: c.currency ? m(c.subtotalMinor, c.currency) : null,
      orderable: c.orderable,
    });
  }
}

@ObjectType('OrderLine')
export class OrderLineModel {
  @Field(() => Int)
  lineNo!: number;

  @Field(() => ID)
  productId!: string;

  @Field(() => ID, { nullable: true })
  variantId!: string | null;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => MoneyModel)
  unitPrice!: MoneyModel;

  static from(l: OrderLine, currency: string): OrderLineModel {
    return Object.assign(new OrderLineModel(), { ...l, unitPrice: m(l.unitPriceMinor, currency) });
  }
}

@ObjectType('OrderTransition', { description: 'One move of an order: who, when, why' })
export class OrderTransitionModel {
  @Field(() => ORDER_STATUS_ENUM)
  from!: OrderStatus;

  @Field(() => ORDER_STATUS_ENUM)
  to!: OrderStatus;

  @Field()
  actor!: string;

  @Field()
  note!: string;

  @Field()
  at!: Date;

  static from(t: OrderTransition): OrderTransitionModel {
    return Object.assign(new OrderTransitionModel(), {
      from: t.fromStatus,
      to: t.toStatus,
      actor: t.actor,
      note: t.note,
      at: t.createdAt,
    });
  }
}

@ObjectType('Order')
export class OrderModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'What people quote, e.g. KD-7F3K9QXW' })
  referenceId!: string;

  @Field(() => ID)
  businessId!: string;

  @Field(() => ID, { description: 'The shopper' })
  personId!: string;

  @Field(() => ID, { description: 'The chat it lives in' })
  conversationId!: string;

  @Field(() => ORDER_STATUS_ENUM)
  status!: OrderStatus;

  @Field(() => String, { nullable: true, description: 'Why a pending order waits: MERCHANT_REVIEW or PRICE_CHANGED' })
  hold!: string | null;

  @Field()
  note!: string;

  @Field(() => MoneyModel)
  subtotal!: MoneyModel;

  @Field(() => MoneyModel)
  discount!: MoneyModel;

  @Field(() => MoneyModel)
  tax!: MoneyModel;

  @Field(() => MoneyModel)
  shipping!: MoneyModel;

  @Field(() => MoneyModel)
  total!: MoneyModel;

  @Field(() => String, { nullable: true })
  discountCode!: string | null;

  @Field(() => Date, { nullable: true, description: 'When an unpaid order lapses' })
  expiresAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why the order bot gave up on it; retryOrder puts it back in line' })
  botError!: string | null;

  @Field()
  createdAt!: Date;

  static from(o: Order): OrderModel {
    return Object.assign(new OrderModel(), {
      id: o.id,
      referenceId: o.referenceId,
      businessId: o.businessId,
      personId: o.personId,
      conversationId: o.conversationId,
      status: o.status,
      hold: o.hold?.toUpperCase() ?? null,
      note: o.note,
      subtotal: m(o.subtotalMinor, o.currency),
      discount: m(o.discountMinor, o.currency),
      tax: m(o.taxMinor, o.currency),
      shipping: m(o.shippingMinor, o.currency),
      total: m(o.totalMinor, o.currency),
      discountCode: o.discountCode,
      expiresAt: o.expiresAt,
      botError: o.botError,
      createdAt: o.createdAt,
    });
  }
}

@ObjectType('OrderChange', { description: 'An order of the business changed: the board reads it again' })
export class OrderChangeModel {
  @Field(() => ID)
  orderId!: string;

  @Field(() => ID)
  businessId!: string;

  @Field(() => ORDER_STATUS_ENUM, { description: 'Its state now' })
  status!: OrderStatus;
}

@ObjectType('CheckoutSettings')
export class CheckoutSettingsModel {
  @Field()
  autoAccept!: boolean;

  @Field(() => Int, { description: 'Basis points: 600 is 6%' })
  taxRateBp!: number;

  @Field()
  language!: string;

  @Field(() => Int)
  paymentWindowS!: number;

  static from(s: CheckoutSettings): CheckoutSettingsModel {
    return Object.assign(new CheckoutSettingsModel(), {
      autoAccept: s.autoAccept,
      taxRateBp: s.taxRateBp,
      language: s.language,
      paymentWindowS: s.paymentWindowS,
    });
  }
}

@ObjectType('ShippingOption')
export class ShippingOptionModel {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PICKUP or FLAT' })
  kind!: string;

  @Field()
  name!: string;

  @Field(() => String, { description: 'Minor units' })
  fee!: string;

  @Field(() => String, { nullable: true, description: 'Free from this subtotal up (minor units)' })
  freeOver!: string | null;

  static from(o: ShippingOption): ShippingOptionModel {
    return Object.assign(new ShippingOptionModel(), {
      id: o.id,
      kind: o.kind.toUpperCase(),
      name: o.name,
      fee: o.feeMinor.toString(),
      freeOver: o.freeOverMinor?.toString() ?? null,
    });
  }
}

@ObjectType('DiscountCode')
export class DiscountCodeModel {
  @Field(() => ID)
  id!: string;

  @Field()
  code!: string;

  @Field({ description: 'PERCENT (value in basis points) or FIXED (minor units)' })
  kind!: string;

  @Field()
  value!: string;

  @Field(() => Int)
  used!: number;

  @Field(() => Int, { nullable: true })
  maxUses!: number | null;

  @Field()
  active!: boolean;

  static from(d: DiscountCode): DiscountCodeModel {
    return Object.assign(new DiscountCodeModel(), {
      id: d.id,
      code: d.code,
      kind: d.kind.toUpperCase(),
      value: d.value.toString(),
      used: d.used,
      maxUses: d.maxUses,
      active: d.active,
    });
  }
}
