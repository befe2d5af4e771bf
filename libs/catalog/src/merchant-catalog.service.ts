import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { CatalogService, type CollectionView, type Page } from './catalog.service';
import { decodeCursor, encodeCursor, seek, type SortKey } from './read/keyset';
import { PHOTOS_JSON, PRODUCT_COLUMNS, VARIANTS_JSON, type ProductRow, type ProductView } from './read/product-view';

const BY_POSITION: SortKey = { sql: 'p.position', direction: 'asc', kind: 'int' };
const LISTING = 'business-products';

/**
 * The merchant's view of their own catalog: every product, hidden ones and ones without a photo
 * included (they are what an editor is for), and the full contents of collections. Shoppers read
 * through CatalogService, which never shows either. Needs catalog:write.
 */
@Injectable()
export class MerchantCatalogService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly catalogs: CatalogService,
  ) {}

  /**
   * A page of the business's products in catalog order: live ones, or only archived ones; `search`
   * keeps those whose name or SKU contains it (any case).
   */
  async products(
    ctx: RequestContext,
    businessId: string,
    options: { first: number; after?: string | null; search?: string | null; archived?: boolean },
  ): Promise<Page<ProductView>> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const cursor = options.after ? decodeCursor(options.after, LISTING, BY_POSITION) : null;
    if (options.after && !cursor)
      throw new InvalidInputError([{ field: 'after', messages: ['after is not a cursor of this listing'] }]);
    const after = seek(BY_POSITION, cursor, 'p.id');
    const search = options.search?.trim() ? `%${escapeLike(options.search.trim())}%` : null;
    const rows = await this.em.execute<(ProductRow & { sort: number })[]>(
      `select ${PRODUCT_COLUMNS}, p.position as sort, ${VARIANTS_JSON}, ${PHOTOS_JSON}
         from product p
        where p.business_id = ? and p.archived_at is ${options.archived ? 'not null' : 'null'}
          and ${search ? '(p.name ilike ? or p.retailer_id ilike ?)' : 'true'} and ${after.where}
        order by ${after.orderBy}
        limit ?`,
      [businessId, ...(search ? [search, search] : []), ...after.params, options.first + 1],
    );
    return this.catalogs.toPage(ctx, rows, options.first, (row) =>
      encodeCursor({ listing: LISTING, value: row.sort, id: row.id }),
    );
  }

  /** The business's collections in order (product counts are what shoppers see). */
  async collections(ctx: RequestContext, businessId: string): Promise<CollectionView[]> {
    await this.access.require(ctx, businessId, 'catalog:write');
    return this.catalogs.collectionsOf(ctx, businessId);
  }

  /**
   * Every product of a collection in its order, hidden ones included: what setCollectionProducts
   * must be given back, so an editor that reorders does not drop what shoppers cannot see.
   */
  async collectionProductIds(ctx: RequestContext, collection: Pick<CollectionView, 'id' | 'businessId'>): Promise<string[]> {
    await this.access.require(ctx, collection.businessId, 'catalog:write');
    const rows = await this.em.execute<{ product_id: string }[]>(
      `select cp.product_id from collection_product cp join product p on p.id = cp.product_id
        where cp.collection_id = ? and p.archived_at is null order by cp.position, cp.product_id`,
      [collection.id],
    );
    return rows.map((r) => r.product_id);
  }

  /** One of the business's products, whatever its state (archived too); NOT_FOUND otherwise. */
  async product(ctx: RequestContext, id: string): Promise<ProductView> {
    const [row] = await this.em.execute<ProductRow[]>(
      `select ${PRODUCT_COLUMNS}, ${VARIANTS_JSON}, ${PHOTOS_JSON} from product p where p.id = ?`,
      [id],
    );
    // Refused the same way whether or not it exists, so ids of other businesses cannot be probed.
    await this.access.require(ctx, row?.business_id ?? id, 'catalog:write');
    if (!row) throw new NotFoundError('Product');
    return this.catalogs.toPage(ctx, [row], 1, () => '').edges[0]!.node;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
