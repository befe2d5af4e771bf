import { Injectable } from '@nestjs/common';
import { Sql } from '@kedai/core';
import { isOpenAt, type OpeningHours } from '@kedai/business';
import { SELLABLE_COLUMNS, sellableOf, type SellableRow } from '@kedai/catalog';
import { MessageService, type MessageView } from '@kedai/chat';
import { CheckoutSettings, shippingFee } from './entities/settings.entity';
import { paymentRequest, taxOn, type PricedOrder, type RequestedLine } from './order-payment-request';

/** What the fast path wrote: the payment request, to announce, and whether counted stock moved. */
export interface FastDecision {
  view: MessageView;
  order: { id: string; businessId: string; status: 'awaiting_payment' };
  countedStock: boolean;
}

/** The fast path's answer: decided, nothing for the bot to do (decided or held already), or the full path's turn. */
export type FastOutcome = { decided: FastDecision } | { nothingToDo: true } | { fullPath: true };

interface ReadRow {
  id: string;
  status: string;
  hold: string | null;
  business_id: string;
  conversation_id: string;
  reference_id: string;
  currency: string;
  discount_code: string | null;
  accepted_at: Date | null;
  auto_accept: boolean | null;
  tax_rate_bp: number | null;
  payment_window_s: number | null;
  opening_hours: OpeningHours | null;
  timezone: string;
  fee_minor: string | null;
  free_over_minor: string | null;
  lines: {
    product_id: string;
    variant_id: string | null;
    sku: string;
    name: string;
    quantity: number;
    unit_price_minor: string;
  }[];
  variant: SellableRow | null;
}

const READ = `select o.id, o.status, o.hold, o.business_id, o.conversation_id, o.reference_id, o.currency, o.discount_code,
       o.accepted_at, s.auto_accept, s.tax_rate_bp, s.payment_window_s, b.opening_hours, b.timezone,
       so.fee_minor::text as fee_minor, so.free_over_minor::text as free_over_minor,
       (select jsonb_agg(jsonb_build_object('product_id', l.product_id, 'variant_id', l.variant_id, 'sku', l.sku,
                 'name', l.name, 'quantity', l.quantity, 'unit_price_minor', l.unit_price_minor::text) order by l.line_no)
          from order_line l where l.order_id = o.id) as lines,
       (select to_jsonb(x) from (select ${SELLABLE_COLUMNS} from product_variant v join product p on p.id = v.product_id
           where v.id = (select l.variant_id from order_line l where l.order_id = o.id order by l.line_no limit 1)) x) as variant
  from shop_order o join business b on b.id = o.business_id
  left join checkout_settings s on s.business_id = o.business_id
  left join shipping_option so on so.id = o.shipping_option_id
 where o.id = $1`;

/**
 * What must still hold, under the locks, when the payment request is written: the order pending
 * and not held (its row locked first, as the full path does), and its one variant sellable at the
 * price that was read, with the units there (taken here, a guarded update re-checked on the
 * variant's latest row; the CHECK stock >= 0 stands behind it).
 */
const STILL_SO = `bot_order as (select id from shop_order where id = ? and status = 'pending' and hold is null for update),
       bot_variant as (
         select ${SELLABLE_COLUMNS} from bot_order, product_variant v join product p on p.id = v.product_id where v.id = ?),
       bot_taken as (
         update product_variant v set stock = v.stock - ?::int from bot_variant
          where v.id = bot_variant.id and bot_variant.available and bot_variant.price_minor = ?::text
            and bot_variant.sale_price_minor is not distinct from ?::text and (v.stock is null or v.stock >= ?::int)
          returning v.id)`;

/**
 * The order bot's usual order in two statements and no transaction: a read of everything the bot
 * decides on (the order, its settings, opening hours, shipping option, lines and its one variant),
 * then, when that order is the usual one (one line, accepted or accepted by itself, open, no
 * discount code, the price unchanged, the units there), ONE statement that locks the order, takes
 * the units and writes the payment request with the order's move (MessageService.postIf with the
 * payment request's writes alongside), each only if the one before it happened. Where the full
 * path (OrderBot.work: BEGIN, the lock, the post, COMMIT, on MikroORM) took four round trips, this
 * takes two. Anything else, or anything that changed between the read and the write (a duplicate
 * delivery decided it, the last units went, the price moved), wrote nothing and goes to the full
 * path, which decides it under the order's lock as before. One statement is atomic by itself: a
 * process killed anywhere leaves the order pending with nothing taken, or decided with all of it.
 */
@Injectable()
export class OrderFastPath {
  constructor(
    private readonly sql: Sql,
    private readonly messages: MessageService,
  ) {}

  async decide(orderId: string, beforeWrite?: (orderId: string) => Promise<void>): Promise<FastOutcome> {
    const [row] = await this.sql.prepared<ReadRow>(READ, [orderId]);
    if (!row || row.status !== 'pending' || row.hold !== null) return { nothingToDo: true };
    const settings = new CheckoutSettings(row.business_id);
    const autoAccept = row.auto_accept ?? settings.autoAccept;
    const line = row.lines?.length === 1 ? row.lines[0] : undefined;
    const variant = row.variant && sellableOf(row.variant);
    const usual =
      (autoAccept || row.accepted_at !== null) &&
      row.discount_code === null &&
      line?.variant_id &&
      variant?.variantId === line.variant_id &&
      variant.available &&
      variant.priceMinor === BigInt(line.unit_price_minor) &&
      (variant.stock === null || variant.stock >= line.quantity) &&
      (!row.opening_hours || isOpenAt(row.opening_hours, row.timezone, new Date()).open);
    if (!usual || !line || !variant || !row.variant) return { fullPath: true };

    const lines: RequestedLine[] = [
      {
        productId: line.product_id,
        variantId: line.variant_id,
        sku: line.sku,
        name: line.name,
        quantity: line.quantity,
        unitPriceMinor: variant.priceMinor,
      },
    ];
    const subtotal = variant.priceMinor * BigInt(line.quantity);
    const tax = taxOn(subtotal, row.tax_rate_bp ?? settings.taxRateBp);
    const shipping =
      row.fee_minor === null
        ? 0n
        : shippingFee(
            { feeMinor: BigInt(row.fee_minor), freeOverMinor: row.free_over_minor === null ? null : BigInt(row.free_over_minor) },
            subtotal,
          );
    const order: PricedOrder = {
      id: row.id,
      status: 'pending',
      businessId: row.business_id,
      conversationId: row.conversation_id,
      referenceId: row.reference_id,
      currency: row.currency,
      acceptedAt: row.accepted_at,
      subtotalMinor: subtotal,
      discountMinor: 0n,
      taxMinor: tax,
      shippingMinor: shipping,
      totalMinor: subtotal + tax + shipping,
    };
    const request = paymentRequest(order, lines, row.payment_window_s ?? settings.paymentWindowS);
    // Everything is decided and nothing written: a crash here leaves the order for the retry.
    await beforeWrite?.(orderId);
    const view = await this.messages.postIf(
      this.sql,
      request.message,
      {
        ctes: STILL_SO,
        params: [orderId, variant.variantId, line.quantity, row.variant.price_minor, row.variant.sale_price_minor, line.quantity],
        requires: 'bot_taken',
      },
      request.alongside,
    );
    if (!view) return { fullPath: true };
    return {
      decided: {
        view,
        order: { id: row.id, businessId: row.business_id, status: 'awaiting_payment' },
        countedStock: variant.stock !== null,
      },
    };
  }
}
