import { EntityManager } from '@mikro-orm/postgresql';
import type { OpeningHours } from '@kedai/business';
import { SELLABLE_COLUMNS, sellableOf, type SellableRow, type SellableVariant } from '@kedai/catalog';
import { Order, OrderLine } from './entities/order.entity';
import { CheckoutSettings } from './entities/settings.entity';

/**
 * The order under its row lock, with its business's checkout settings and opening hours and its
 * lines, in one round trip (were four); null when the order is not the bot's to decide (decided already, or
 * held for the merchant or the shopper). The order and its lines are managed by `tx`, so the
 * paths that hold or cancel the order write their changes at the commit, as before.
 *
 * The usual order, one line that goes on to the stock (pending, not held, accepted or accepted by
 * itself: what `work` checks before it takes units), has its variant checked and its units taken
 * in the same statement (`single`; was a statement of its own). The take joins the locked row,
 * so it runs only once the lock is held and sees the order as it is then: a duplicate delivery
 * waiting on the lock finds the order decided and takes nothing. The update is guarded
 * (`stock >= quantity`, re-checked on the variant's latest row) and the CHECK (stock >= 0)
 * stands behind it: this never oversells.
 */
export async function lockForBot(tx: EntityManager, orderId: string): Promise<LockedOrder | null> {
  const [row] = await tx.execute<
    (Record<string, unknown> & {
      settings: SettingsRow | null;
      lines: LineRow[];
      opening_hours: OpeningHours | null;
      timezone: string;
      single_variant: SellableRow | null;
      single_taken: boolean;
      single_line: boolean;
    })[]
  >(
    `with o as (select * from shop_order where id = ? for update),
       one as (
         select l.variant_id, l.quantity from o join order_line l on l.order_id = o.id
          where o.status = 'pending' and o.hold is null and l.variant_id is not null
            and (o.accepted_at is not null
              or coalesce((select s.auto_accept from checkout_settings s where s.business_id = o.business_id), true))
            and (select count(*) from order_line x where x.order_id = o.id) = 1),
       sv as (
         select ${SELLABLE_COLUMNS}
           from one join product_variant v on v.id = one.variant_id join product p on p.id = v.product_id),
       taken as (
         update product_variant v set stock = v.stock - one.quantity from sv, one
          where v.id = sv.id and sv.available and (v.stock is null or v.stock >= one.quantity) returning v.id)
     select o.*,
            (select jsonb_build_object('auto_accept', s.auto_accept, 'tax_rate_bp', s.tax_rate_bp, 'language', s.language,
                      'payment_window_s', s.payment_window_s)
               from checkout_settings s where s.business_id = o.business_id) as settings,
            (select jsonb_agg(jsonb_build_object('order_id', l.order_id, 'line_no', l.line_no, 'product_id', l.product_id,
                      'variant_id', l.variant_id, 'sku', l.sku, 'name', l.name, 'quantity', l.quantity,
                      'unit_price_minor', l.unit_price_minor::text) order by l.line_no)
               from order_line l where l.order_id = o.id) as lines,
            b.opening_hours, b.timezone,
            (select to_jsonb(sv) from sv) as single_variant, exists (select 1 from taken) as single_taken,
            exists (select 1 from one) as single_line
       from o join business b on b.id = o.business_id`,
    [orderId],
  );
  if (!row) return null;
  const {
    settings: stored,
    lines,
    opening_hours: hours,
    timezone,
    single_variant: singleVariant,
    single_taken: singleTaken,
    single_line: singleLine,
    ...columns
  } = row;
  if (columns.status !== 'pending' || columns.hold !== null) return null;
  const order = tx.map(Order, columns);
  const settings = new CheckoutSettings(order.businessId);
  if (stored) {
    settings.autoAccept = stored.auto_accept;
    settings.taxRateBp = stored.tax_rate_bp;
    settings.language = stored.language;
    settings.paymentWindowS = stored.payment_window_s;
  }
  const single = singleLine ? { variant: singleVariant ? sellableOf(singleVariant) : undefined, taken: singleTaken } : null;
  const locked = { order, settings, lines: (lines ?? []).map((l) => tx.map(OrderLine, l)), hours: { hours, timezone }, single };
  // What the statement decided to take for and what `work` goes on to must agree, or units would be held for nothing.
  const goesToStock = settings.autoAccept || !!order.acceptedAt;
  if ((single !== null) !== (goesToStock && locked.lines.length === 1 && !!locked.lines[0].variantId))
    throw new Error(`order ${order.id}: the lock's one-line take disagrees with the bot's checks`);
  return locked;
}

interface SettingsRow {
  auto_accept: boolean;
  tax_rate_bp: number;
  language: CheckoutSettings['language'];
  payment_window_s: number;
}
type LineRow = Record<string, unknown>;
export interface LockedOrder {
  order: Order;
  settings: CheckoutSettings;
  lines: OrderLine[];
  /** The business's opening hours, for the closed note (read with the lock rather than asked for). */
  hours: { hours: OpeningHours | null; timezone: string };
  /** A one-line order going on to the stock: its variant as checkout sees it, and whether its units were taken. */
  single: { variant: SellableVariant | undefined; taken: boolean } | null;
}
