import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { payablePriceMinor } from './read/product-view';

/** A variant as checkout sees it: what it is called, what it costs now, and whether it can be bought. */
export interface SellableVariant {
  variantId: string;
  productId: string;
  businessId: string;
  sku: string;
  name: string;
  options: Record<string, string>;
  currency: string;
  /** What a shopper pays now (see payablePriceMinor). */
  priceMinor: bigint;
  /** null: not tracked. */
  stock: number | null;
  /** Visible to shoppers and not marked out of stock. */
  available: boolean;
}

export interface StockLine {
  variantId: string;
  quantity: number;
}

export interface SellableRow {
  id: string;
  product_id: string;
  business_id: string;
  sku: string;
  name: string;
  options: Record<string, string>;
  currency: string;
  price_minor: string;
  sale_price_minor: string | null;
  stock: number | null;
  available: boolean;
}

/**
 * A variant's columns as checkout sees it (SellableRow, in this order), from `v` (product_variant)
 * and `p` (its product): for callers that read variants with their own rows in one statement
 * (the cart's lines, sellableOf turns a row into a SellableVariant).
 */
export const SELLABLE_COLUMNS = `v.id, v.product_id, v.business_id, v.sku, p.name, v.options, p.currency, v.price_minor::text as price_minor,
       p.sale_price_minor::text as sale_price_minor, v.stock,
       (p.archived_at is null and p.availability = 'in_stock'
         and exists (select 1 from product_photo ph where ph.product_id = p.id)) as available`;

/** Variants as checkout sees them (SellableVariant), completed by a where clause on `v`. */
const SELLABLE = `select ${SELLABLE_COLUMNS}
  from product_variant v join product p on p.id = v.product_id`;

export function sellableOf(r: SellableRow): SellableVariant {
  return {
    variantId: r.id,
    productId: r.product_id,
    businessId: r.business_id,
    sku: r.sku,
    name: Object.keys(r.options).length ? `${r.name} (${Object.values(r.options).join(', ')})` : r.name,
    options: r.options,
    currency: r.currency.trim(),
    priceMinor: payablePriceMinor(
      { salePriceMinor: r.sale_price_minor === null ? null : BigInt(r.sale_price_minor) },
      { options: r.options, priceMinor: BigInt(r.price_minor) },
    ),
    stock: r.stock,
    available: r.available,
  };
}

/**
 * Stock for checkout. A reservation takes units off `stock` at once with a guarded update
 * (`stock >= quantity`), and the CHECK (stock >= 0) stands behind it, so stock never goes
 * negative and is never sold twice; variants are always taken in id order, so two orders that
 * share variants cannot deadlock. A release puts units back; a sale keeps them off.
 */
@Injectable()
export class InventoryService {
  constructor(private readonly em: EntityManager) {}

  async sellable(ids: readonly string[], em: EntityManager = this.em): Promise<SellableVariant[]> {
    if (ids.length === 0) return [];
    const rows = await em.execute<SellableRow[]>(`${SELLABLE} where v.id in (?)`, [[...ids]]);
    return rows.map(sellableOf);
  }

  /**
   * Takes the units off, all or nothing, inside the caller's transaction. Returns the variants
   * that had too few (nothing is taken then; the caller rolls back or goes on without them).
   */
  async reserve(tx: EntityManager, lines: StockLine[]): Promise<{ short: string[] }> {
    const short: string[] = [];
    for (const line of [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId))) {
      const taken = await tx.execute<{ id: string }[]>(
        `update product_variant set stock = stock - ? where id = ? and (stock is null or stock >= ?) returning id`,
        [line.quantity, line.variantId, line.quantity],
      );
      if (taken.length === 0) short.push(line.variantId);
    }
    return { short };
  }

  /** Puts reserved units back (untracked stock is left alone). */
  async release(tx: EntityManager, lines: StockLine[]): Promise<void> {
    for (const line of [...lines].sort((a, b) => a.variantId.localeCompare(b.variantId)))
      await tx.execute(`update product_variant set stock = stock + ? where id = ? and stock is not null`, [
        line.quantity,
        line.variantId,
      ]);
  }
}
