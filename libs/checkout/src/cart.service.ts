import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, Sql, type RequestContext } from '@kedai/core';
import { SELLABLE_COLUMNS, sellableOf, type SellableRow, type SellableVariant } from '@kedai/catalog';
import { CartLine, MAX_QUANTITY } from './entities/cart-line.entity';

export type LineProblem = 'unavailable' | 'not_enough_stock';

export interface PricedLine {
  variant: SellableVariant;
  quantity: number;
  lineTotalMinor: bigint;
  /** Why it cannot be ordered as it is; null when it can. */
  problem: LineProblem | null;
}

export interface PricedCart {
  businessId: string;
  currency: string | null;
  lines: PricedLine[];
  subtotalMinor: bigint;
  /** Every line can be ordered as it is. */
  orderable: boolean;
}

/** A cart line with its variant as checkout sees it now. */
type LineRow = SellableRow & { quantity: number };

/** The cart's lines with their variants, oldest first, and any `extra` columns: `$1` the person, `$2` the business. */
const cartLines = (extra = '') => `select ${SELLABLE_COLUMNS}, c.quantity, c.added_at${extra}
  from cart_line c join product_variant v on v.id = c.variant_id join product p on p.id = v.product_id
 where c.person_id = $1 and c.business_id = $2 order by c.added_at`;

const CART_LINES = cartLines();
const CART_FOR_ORDER = cartLines(
  ', (select id from shipping_option where business_id = $2 order by position limit 1) as default_shipping',
);

/**
 * A shopper's cart with one business, kept on the server. It stores variants and quantities only:
 * every read prices it afresh and checks each line against the catalog, flagging (never dropping)
 * lines that can no longer be bought.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
  ) {}

  /**
   * The cart priced now: ONE statement, its lines with their variants (plain pg, no unit of work).
   * The cart's statements are prepared (Sql.prepared): planning them cost PostgreSQL more than
   * running them (put 0.56 ms against 0.27, forOrder 0.32 against 0.07; bench/README.md, issue 15,
   * 2026-12-06, pg_stat_statements).
   */
  async read(ctx: RequestContext, businessId: string): Promise<PricedCart> {
    const rows = await this.sql.prepared<LineRow>(CART_LINES, [ctx.requirePerson(), businessId]);
    return priced(businessId, rows);
  }

  /**
   * The cart as `read` gives it, with the business's first shipping option (what an order takes
   * when the shopper chose none), in the same ONE statement: what sendOrder needs before it writes.
   */
  async forOrder(ctx: RequestContext, businessId: string): Promise<{ cart: PricedCart; defaultShippingOptionId: string | null }> {
    const rows = await this.sql.prepared<LineRow & { default_shipping: string | null }>(CART_FOR_ORDER, [
      ctx.requirePerson(),
      businessId,
    ]);
    return { cart: priced(businessId, rows), defaultShippingOptionId: rows[0]?.default_shipping ?? null };
  }

  /**
   * Adds units of a variant (or sets the quantity when `set`); the variant decides the business.
   * ONE statement (were two, and four before): the variant checked, the line's upsert, and the
   * whole cart answered with every line's variant. The upsert's own row comes from RETURNING: the
   * rest of the statement sees the cart as it was.
   */
  async put(ctx: RequestContext, variantId: string, quantity: number, set: boolean): Promise<PricedCart> {
    const personId = ctx.requirePerson();
    const rows = await this.sql.prepared<LineRow & { added_at: Date }>(
      `with s as (select ${SELLABLE_COLUMNS} from product_variant v join product p on p.id = v.product_id where v.id = $2),
         up as (
           insert into cart_line (person_id, business_id, variant_id, quantity)
           select $1, s.business_id, s.id, $3 from s where s.available
           on conflict (person_id, business_id, variant_id) do update
             set quantity = least($4::int, case when $5::boolean then excluded.quantity else cart_line.quantity + excluded.quantity end)
           returning variant_id, quantity, added_at)
       select s.*, up.quantity, up.added_at from s join up on up.variant_id = s.id
       union all
       select ${SELLABLE_COLUMNS}, c.quantity, c.added_at
         from cart_line c join product_variant v on v.id = c.variant_id join product p on p.id = v.product_id
        where c.person_id = $1 and c.business_id = (select business_id from s where s.available) and c.variant_id <> $2
       order by added_at`,
      [personId, variantId, Math.min(quantity, MAX_QUANTITY), MAX_QUANTITY, set],
    );
    // No row for the variant: no such variant, or not sellable (nothing was written then).
    const mine = rows.find((r) => r.id === variantId);
    if (!mine) throw new NotFoundError('Product');
    return priced(mine.business_id, rows);
  }

  async remove(ctx: RequestContext, businessId: string, variantId: string): Promise<PricedCart> {
    const personId = ctx.requirePerson();
    await this.em.nativeDelete(CartLine, { personId, businessId, variantId });
    return this.read(ctx, businessId);
  }

  async clear(ctx: RequestContext, businessId: string, em: EntityManager = this.em): Promise<void> {
    await em.nativeDelete(CartLine, { personId: ctx.requirePerson(), businessId });
  }
}

/** Prices the lines and checks each against its variant as read with it, flagging (never dropping) what cannot be bought. */
function priced(businessId: string, rows: LineRow[]): PricedCart {
  const lines = rows.map((row): PricedLine => {
    const variant = sellableOf(row);
    const problem: LineProblem | null = !variant.available
      ? 'unavailable'
      : variant.stock !== null && variant.stock < row.quantity
        ? 'not_enough_stock'
        : null;
    return { variant, quantity: row.quantity, lineTotalMinor: variant.priceMinor * BigInt(row.quantity), problem };
  });
  return {
    businessId,
    currency: lines[0]?.variant.currency ?? null,
    lines,
    subtotalMinor: lines.reduce((sum, l) => sum + l.lineTotalMinor, 0n),
    orderable: lines.length > 0 && lines.every((l) => l.problem === null),
  };
}
