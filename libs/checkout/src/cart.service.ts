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
    const lines = await em.find(CartLine, { personId, businessId }, { orderBy: { addedAt: 'asc' }, disableIdentityMap: true });
    const variants = await this.inventory.sellable(
      lines.map((l) => l.variantId),
      em,
    );
    const priced = lines.map((line): PricedLine => {
      const variant = variants.find((v) => v.variantId === line.variantId)!;
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

  /** Adds units of a variant (or sets the quantity when `set`); the variant decides the business. */
  async put(ctx: RequestContext, variantId: string, quantity: number, set: boolean): Promise<PricedCart> {
    const personId = ctx.requirePerson();
    const [variant] = await this.inventory.sellable([variantId]);
    if (!variant || !variant.available) throw new NotFoundError('Product');
    await this.em.execute(
      `insert into cart_line (person_id, business_id, variant_id, quantity) values (?, ?, ?, ?)
       on conflict (person_id, business_id, variant_id) do update
         set quantity = least(?, case when ? then excluded.quantity else cart_line.quantity + excluded.quantity end)`,
      [personId, variant.businessId, variantId, Math.min(quantity, MAX_QUANTITY), MAX_QUANTITY, set],
    );
    return this.read(ctx, variant.businessId);
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
