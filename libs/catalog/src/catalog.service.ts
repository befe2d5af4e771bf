import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, ReadReplica, type ReadFrom, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { CATALOG_FLOOR } from './read/catalog-changes';
import { decodeCursor, encodeCursor, seek, type SortKey } from './read/keyset';
import {
  PHOTOS_JSON,
  PRODUCT_COLUMNS,
  productView,
  VARIANTS_JSON,
  variantViews,
  VISIBLE,
  type PhotoView,
  type ProductRow,
  type ProductView,
  type VariantView,
} from './read/product-view';

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface CollectionView {
  id: string;
  businessId: string;
  name: string;
  /** Products shoppers can see in it. */
  productCount: number;
}

const EMPTY: Page<never> = { edges: [], hasNextPage: false, endCursor: null };
const BY_POSITION: SortKey = { sql: 'p.position', direction: 'asc', kind: 'int' };
const BY_COLLECTION_POSITION: SortKey = { sql: 'cp.position', direction: 'asc', kind: 'int' };

/**
 * Shopper side of the catalog: what anyone may see, read with plain SQL into views (see
 * read/product-view.ts). Hidden and archived products never leave here.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly businesses: BusinessService,
    private readonly replica: ReadReplica,
  ) {}

  /**
   * The replica when it has every catalog change this process has heard of and the caller's own
   * writes (a merchant sees the product they just saved), else the primary. Search reads here too.
   */
  readFrom(ctx: RequestContext): Promise<ReadFrom> {
    return this.replica.forCaller(ctx, CATALOG_FLOOR);
  }

  /**
   * A page of a business's visible products in catalog order, or in a collection's order. An
   * unknown handle, or a collection of another business, is an empty page: nothing to probe.
   */
  async page(
    ctx: RequestContext,
    handle: string,
    options: { first: number; after?: string | null; collectionId?: string | null },
  ): Promise<Page<ProductView>> {
    const listing = options.collectionId ? `collection:${options.collectionId}` : 'catalog';
    const key = options.collectionId ? BY_COLLECTION_POSITION : BY_POSITION;
    const cursor = options.after ? decodeCursor(options.after, listing, key) : null;
    if (options.after && !cursor)
      throw new InvalidInputError([{ field: 'after', messages: ['after is not a cursor of this listing'] }]);
    const business = await this.businesses.findByHandle(ctx, handle);
    if (!business) return EMPTY;

    const after = seek(key, cursor, 'p.id');
    const inCollection = options.collectionId
      ? `join collection_product cp on cp.product_id = p.id and cp.collection_id = ?
         join collection c on c.id = cp.collection_id and c.business_id = p.business_id`
      : '';
    const rows = await this.em.execute<(ProductRow & { sort: number })[]>(
      `select ${PRODUCT_COLUMNS}, ${key.sql} as sort, ${VARIANTS_JSON}, ${PHOTOS_JSON}
         from product p ${inCollection}
        where p.business_id = ? and ${VISIBLE} and ${after.where}
        order by ${after.orderBy}
        limit ?`,
      [...(options.collectionId ? [options.collectionId] : []), business.id, ...after.params, options.first + 1],
      { connectionType: await this.readFrom(ctx) },
    );
    return this.toPage(ctx, rows, options.first, (row) => encodeCursor({ listing, value: row.sort, id: row.id }));
  }

  /** A visible product, or null (also for hidden and archived ones). */
  async product(ctx: RequestContext, id: string): Promise<ProductView | null> {
    const [row] = await this.em.execute<ProductRow[]>(
      `select ${PRODUCT_COLUMNS}, ${VARIANTS_JSON}, ${PHOTOS_JSON} from product p where p.id = ? and ${VISIBLE}`,
      [id],
      { connectionType: await this.readFrom(ctx) },
    );
    if (!row) return null;
    this.prime(ctx, row);
    return productView(row);
  }

  /** A business's product by its SKU (the Cloud API's product_retailer_id), if shoppers can see it. */
  async productByRetailerId(_ctx: RequestContext, businessId: string, retailerId: string): Promise<ProductView | null> {
    const [row] = await this.em.execute<ProductRow[]>(
      `select ${PRODUCT_COLUMNS} from product p where p.business_id = ? and p.retailer_id = ? and ${VISIBLE}`,
      [businessId, retailerId],
    );
    return row ? productView(row) : null;
  }

  /**
   * Products by id as they are now, shown to shoppers or not, with their variants and photos: for
   * mirrors of a catalog on other networks (the WhatsApp catalog sync). Ids of no product are left out.
   */
  async productsForSync(
    _ctx: RequestContext,
    ids: readonly string[],
  ): Promise<{ product: ProductView; variants: VariantView[]; photos: PhotoView[]; visible: boolean }[]> {
    if (ids.length === 0) return [];
    const rows = await this.em.execute<(ProductRow & { visible: boolean })[]>(
      `select ${PRODUCT_COLUMNS}, ${VARIANTS_JSON}, ${PHOTOS_JSON}, (${VISIBLE}) as visible
         from product p where p.id in (select json_array_elements_text(?::json)::uuid)`,
      [JSON.stringify(ids)],
    );
    return rows.map((r) => ({ product: productView(r), variants: variantViews(r), photos: r.photos ?? [], visible: r.visible }));
  }

  /** A business's collections in order, with how many visible products each holds; [] for an unknown handle. */
  async collections(ctx: RequestContext, handle: string): Promise<CollectionView[]> {
    const business = await this.businesses.findByHandle(ctx, handle);
    return business ? this.collectionsOf(ctx, business.id) : [];
  }

  /** A business's collections in order, by its id. */
  async collectionsOf(ctx: RequestContext, businessId: string): Promise<CollectionView[]> {
    return this.collectionViews(ctx, 'c.business_id = ?', businessId);
  }

  async collection(ctx: RequestContext, id: string): Promise<CollectionView | null> {
    const [found] = await this.collectionViews(ctx, 'c.id = ?', id);
    return found ?? null;
  }

  private async collectionViews(ctx: RequestContext, where: string, param: string): Promise<CollectionView[]> {
    const rows = await this.em.execute<{ id: string; business_id: string; name: string; product_count: number }[]>(
      `select c.id, c.business_id, c.name,
              (select count(*)::int from collection_product cp join product p on p.id = cp.product_id
                where cp.collection_id = c.id and ${VISIBLE}) as product_count
         from collection c where ${where} order by c.position, c.id`,
      [param],
      { connectionType: await this.readFrom(ctx) },
    );
    return rows.map((r) => ({ id: r.id, businessId: r.business_id, name: r.name, productCount: r.product_count }));
  }

  /** Variants of products, batched per request; pages and searches fill this in with the products themselves. */
  async variantsOf(ctx: RequestContext, productId: string): Promise<VariantView[]> {
    return this.variantLoader(ctx).load(productId);
  }

  /** Photos of products in order, batched per request; pages and searches fill this in too. */
  async photosOf(ctx: RequestContext, productId: string): Promise<PhotoView[]> {
    return this.photoLoader(ctx).load(productId);
  }

  /** Turns rows (one more than asked for) into a page, remembering each row's variants and photos. */
  toPage<R extends ProductRow>(ctx: RequestContext, rows: R[], first: number, cursorOf: (row: R) => string): Page<ProductView> {
    const taken = rows.slice(0, first);
    for (const row of taken) this.prime(ctx, row);
    const edges = taken.map((row) => ({ cursor: cursorOf(row), node: productView(row) }));
    return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  }

  private prime(ctx: RequestContext, row: ProductRow): void {
    if (row.variants) this.variantLoader(ctx).prime(row.id, variantViews(row));
    if (row.photos) this.photoLoader(ctx).prime(row.id, row.photos);
  }

  private photoLoader(ctx: RequestContext) {
    return ctx.loaders.get<string, PhotoView[]>('catalog.photosByProduct', async (ids) => {
      const rows = await this.em.execute<ProductRow[]>(
        `select p.id, ${PHOTOS_JSON} from product p where p.id in (?)`,
        [[...ids]],
        {
          connectionType: await this.readFrom(ctx),
        },
      );
      const byId = new Map(rows.map((r) => [r.id, r.photos ?? []]));
      return ids.map((id) => byId.get(id) ?? []);
    });
  }

  private variantLoader(ctx: RequestContext) {
    return ctx.loaders.get<string, VariantView[]>('catalog.variantsByProduct', async (ids) => {
      const rows = await this.em.execute<ProductRow[]>(
        `select p.id, ${VARIANTS_JSON} from product p where p.id in (?)`,
        [[...ids]],
        {
          connectionType: await this.readFrom(ctx),
        },
      );
      const byId = new Map(rows.map((r) => [r.id, variantViews(r)]));
      return ids.map((id) => byId.get(id) ?? []);
    });
  }
}
