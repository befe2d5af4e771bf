import { InvalidTransitionError, newId } from '@kedai/core';
import { storedMoney, type PostAlongside, type PostInput } from '@kedai/chat';
import type { Order, OrderLine } from './entities/order.entity';
import { allowedMoves, canMove } from './order-states';

/** What the payment request needs of an order: priced, and still pending. */
export type PricedOrder = Pick<
  Order,
  | 'id'
  | 'status'
  | 'businessId'
  | 'conversationId'
  | 'referenceId'
  | 'currency'
  | 'acceptedAt'
  | 'subtotalMinor'
  | 'discountMinor'
  | 'taxMinor'
  | 'shippingMinor'
  | 'totalMinor'
>;
export type RequestedLine = Pick<OrderLine, 'productId' | 'variantId' | 'sku' | 'name' | 'quantity' | 'unitPriceMinor'>;

/** The payment request and the order's move to awaiting_payment, as one post with its writes alongside. */
export interface PaymentRequest {
  message: PostInput;
  /** The order (totals, accepted, expiry), its transition and the units held for it, riding in the message's statement. */
  alongside: PostAlongside;
  acceptedAt: Date;
  expiresAt: Date;
  updatedAt: Date;
}

/**
 * The order's `order_details` message and its move to awaiting_payment, written together in the
 * message's one statement (MessageService's alongside): written only with the message (`posted`
 * has its row), and only while the order is still in the status it was priced in. The move is
 * checked against the table here; the caller has taken the stock and priced the order.
 */
export function paymentRequest(order: PricedOrder, lines: RequestedLine[], windowS: number): PaymentRequest {
  const to = 'awaiting_payment';
  if (!canMove(order.status, to, 'bot'))
    throw new InvalidTransitionError('Order', order.status, to, allowedMoves(order.status, 'bot'));
  const acceptedAt = order.acceptedAt ?? new Date();
  const expiresAt = new Date(Date.now() + windowS * 1000);
  const updatedAt = new Date();
  const money = (minor: bigint) => storedMoney(minor, order.currency);
  return {
    message: {
      conversationId: order.conversationId,
      sender: { kind: 'bot', businessId: order.businessId },
      kind: 'order_details',
      payload: {
        orderId: order.id,
        referenceId: order.referenceId,
        items: lines.map((l) => ({
          productId: l.productId,
          variantId: l.variantId,
          sku: l.sku,
          name: l.name,
          quantity: l.quantity,
          unitPrice: money(l.unitPriceMinor),
        })),
        subtotal: money(order.subtotalMinor),
        discount: money(order.discountMinor),
        tax: money(order.taxMinor),
        shipping: money(order.shippingMinor),
        total: money(order.totalMinor),
        expiresAt: expiresAt.toISOString(),
        status: to,
      },
      clientMessageId: `order:${order.id}:details`,
    },
    alongside: {
      ctes: `order_moved as (
         update shop_order set status = ?, hold = null, subtotal_minor = ?, discount_minor = ?, tax_minor = ?,
           shipping_minor = ?, total_minor = ?, accepted_at = ?, expires_at = ?, updated_at = ?
          where id = ? and status = ? and exists (select 1 from posted) returning id),
       order_moved_transition as (
         insert into order_transition (id, order_id, from_status, to_status, actor, note)
         select ?, order_moved.id, ?, ?, 'bot', '' from order_moved),
       order_moved_units as (
         insert into stock_reservation (order_id, variant_id, quantity)
         select order_moved.id, x.variant_id, x.quantity
           from order_moved, jsonb_to_recordset(?::jsonb) as x(variant_id uuid, quantity int))`,
      params: [
        to,
        order.subtotalMinor.toString(),
        order.discountMinor.toString(),
        order.taxMinor.toString(),
        order.shippingMinor.toString(),
        order.totalMinor.toString(),
        acceptedAt,
        expiresAt,
        updatedAt,
        order.id,
        order.status,
        newId(),
        order.status,
        to,
        JSON.stringify(lines.map((l) => ({ variant_id: l.variantId, quantity: l.quantity }))),
      ],
    },
    acceptedAt,
    expiresAt,
    updatedAt,
  };
}

/** Tax on the discounted subtotal, rounded half up to the minor unit. */
export function taxOn(taxable: bigint, rateBp: number): bigint {
  return (taxable * BigInt(rateBp) + 5_000n) / 10_000n;
}
