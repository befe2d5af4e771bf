import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { byKeys, InvalidInputError, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { decodeCursor, encodeCursor } from './catalog-cursor';
import { Product } from './entities/product.entity';
import { ProductVariant } from './entities/product-variant.entity';

export interface CatalogPage {
  edges: { cursor: string; node: Product }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Shopper side of the catalog: what anyone may see. Hidden and archived products never leave here. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly businesses: BusinessService,
  ) {}

  /** A page of a business's visible products, by position then id; an unknown handle is an empty catalog. */
  async page(ctx: RequestContext, handle: string, first: number, after?: string | null): Promise<CatalogPage> {
    const cursor = after ? decodeCursor(after) : null;
    if (after && !cursor) throw new InvalidInputError([{ field: 'after', messages: ['after is not a cursor of this catalog'] }]);
    const business = await this.businesses.findByHandle(ctx, handle);
    if (!business) return { edges: [], hasNextPage: false, endCursor: null };
    const rows = await this.em.find(
      Product,
      {
        businessId: business.id,
        archivedAt: null,
        availability: { $ne: 'hidden' },
        ...(cursor && {
          $or: [{ position: { $gt: cursor.position } }, { position: cursor.position, id: { $gt: cursor.id } }],
        }),
      },
      { orderBy: { position: 'asc', id: 'asc' }, limit: first + 1 },
    );
    const page = rows.slice(0, first);
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  }

  /** A visible product, or null (also for hidden and archived ones). */
  async product(_ctx: RequestContext, id: string): Promise<Product | null> {
    const product = await this.em.findOne(Product, { id });
    return product?.visible ? product : null;
  }

  /** Variants of products, batched per request: a page of products costs one query for all their variants. */
  async variantsOf(ctx: RequestContext, productId: string): Promise<ProductVariant[]> {
    const loader = ctx.loaders.get<string, ProductVariant[]>('catalog.variantsByProduct', async (ids) => {
      const rows = await this.em.find(
        ProductVariant,
        { productId: { $in: [...ids] } },
        { orderBy: { position: 'asc', id: 'asc' } },
      );
      const grouped = new Map<string, ProductVariant[]>();
      for (const v of rows) grouped.set(v.productId, [...(grouped.get(v.productId) ?? []), v]);
      return byKeys(ids, [...grouped.entries()], ([k]) => k).map((e) => e?.[1] ?? []);
    });
    return loader.load(productId);
  }
}
