import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, type RequestContext } from '@kedai/core';
import { InventoryService, type SellableVariant } from '@kedai/catalog';
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

/**
 * A shopper's cart with one business, kept on the server. It stores variants and quantities only:
 * every read prices it afresh and checks each line against the catalog, flagging (never dropping)
 * lines that can no longer be bought.
 */
@Injectable()
export class CartService {
  constructor(
    private readonly em: EntityManager,
    private readonly inventory: InventoryService,
  ) {}

  async read(ctx: RequestContext, businessId: string, em: EntityManager = this.em): Promise<PricedCart> {
    const personId = ctx.requirePerson();
    // Plain rows: the cart is read on every send and every cart view, and only priced, never changed.
    const lines = await em.execute<{ variant_id: string; quantity: number }[]>(
      'select variant_id, quantity from cart_line where person_id = ? and business_id = ? order by added_at',
      [personId, businessId],
    );
    return this.price(businessId, lines, em);
  }

  /**
   * Adds units of a variant (or sets the quantity when `set`); the variant decides the business.
   * Two statements for a cart of one variant (were four): the variant, then the line's upsert
   * answering the whole cart; only other variants in the cart are looked up again.
   */
  async put(ctx: RequestContext, variantId: string, quantity: number, set: boolean): Promise<PricedCart> {
    const personId = ctx.requirePerson();
    const [variant] = await this.inventory.sellable([variantId]);
    if (!variant || !variant.available) throw new NotFoundError('Product');
    // The upsert's own row comes from RETURNING: the rest of the statement sees the cart as it was.
    const lines = await this.em.execute<{ variant_id: string; quantity: number; added_at: Date }[]>(
      `with up as (
         insert into cart_line (person_id, business_id, variant_id, quantity) values (?, ?, ?, ?)
         on conflict (person_id, business_id, variant_id) do update
           set quantity = least(?, case when ? then excluded.quantity else cart_line.quantity + excluded.quantity end)
         returning variant_id, quantity, added_at)
       select variant_id, quantity, added_at from up
       union all
       select variant_id, quantity, added_at from cart_line where person_id = ? and business_id = ? and variant_id <> ?
       order by added_at`,
      [
        personId,
        variant.businessId,
        variantId,
        Math.min(quantity, MAX_QUANTITY),
        MAX_QUANTITY,
        set,
        personId,
        variant.businessId,
        variantId,
      ],
    );
    return this.price(variant.businessId, lines, this.em, [variant]);
  }

  /** Prices lines and checks each against the catalog now; `known` variants are not looked up again. */
  private async price(
    businessId: string,
    lines: { variant_id: string; quantity: number }[],
    em: EntityManager,
    known: SellableVariant[] = [],
  ): Promise<PricedCart> {
    const missing = lines.map((l) => l.variant_id).filter((id) => !known.some((v) => v.variantId === id));
    const variants = [...known, ...(await this.inventory.sellable(missing, em))];
    const priced = lines.map((line): PricedLine => {
      const variant = variants.find((v) => v.variantId === line.variant_id)!;
      const problem: LineProblem | null = !variant.available
        ? 'unavailable'
        : variant.stock !== null && variant.stock < line.quantity
          ? 'not_enough_stock'
          : null;
      return { variant, quantity: line.quantity, lineTotalMinor: variant.priceMinor * BigInt(line.quantity), problem };
    });
    return {
      businessId,
      currency: priced[0]?.variant.currency ?? null,
      lines: priced,
      subtotalMinor: priced.reduce((sum, l) => sum + l.lineTotalMinor, 0n),
      orderable: priced.length > 0 && priced.every((l) => l.problem === null),
    };
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
