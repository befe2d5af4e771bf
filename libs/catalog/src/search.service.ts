import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import type { Page } from './catalog.service';
import { CatalogService } from './catalog.service';
import { decodeCursor, encodeCursor, seek, type SortKey } from './read/keyset';
import { PHOTOS_JSON, PRODUCT_COLUMNS, VARIANTS_JSON, VISIBLE, type ProductRow, type ProductView } from './read/product-view';

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'name'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export interface SearchRequest {
  query: string;
  /** Inside one business's catalog; left out, across every business that is listed in search. */
  handle?: string | null;
  collectionId?: string | null;
  /** Minor units of the shown price (the sale price when there is one), inclusive. */
  minPrice?: bigint | null;
  maxPrice?: bigint | null;
  /** Across businesses a price range needs a currency; it also keeps results to that currency. */
  currency?: string | null;
  inStock?: boolean | null;
  sort: SearchSort;
  first: number;
  after?: string | null;
}

const SHOWN_PRICE = 'coalesce(p.sale_price_minor, p.price_minor)';
// Relevance: full-text rank (name words weigh more) plus how well the query matches a word of the
// name, which is what ranks typos. Rounded so a cursor can carry it exactly.
const SCORE = 'round((ts_rank(p.search_vector, q.tsq) + word_similarity(q.text, p.name))::numeric, 6)';
const SORT_KEYS: Record<SearchSort, SortKey> = {
  relevance: { sql: 'score', direction: 'desc', kind: 'decimal' },
  price_asc: { sql: 'shown_price', direction: 'asc', kind: 'decimal' },
  price_desc: { sql: 'shown_price', direction: 'desc', kind: 'decimal' },
  // Ids are UUID v7, ordered by creation time; the key is the id itself.
  newest: { sql: 'created', direction: 'desc', kind: 'text' },
  name: { sql: 'lower_name', direction: 'asc', kind: 'text' },
};
const MIN_QUERY = 2;

/**
 * Product search, within one catalog or across the businesses that opted in: full-text over name
 * and description (prefix matching, so a half-typed word finds), or a name similar enough to the
 * query (pg_trgm word similarity, so "kopu" finds "Kopi"). Only what shoppers may see.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly em: EntityManager,
    private readonly businesses: BusinessService,
    private readonly catalogs: CatalogService,
  ) {}

  async search(ctx: RequestContext, req: SearchRequest): Promise<Page<ProductView>> {
    const text = req.query.trim().toLowerCase();
    const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
    if (text.length < MIN_QUERY || words.length === 0)
      throw invalid('query', `query needs at least ${MIN_QUERY} letters or digits`);
    if (!req.handle && (req.minPrice != null || req.maxPrice != null) && !req.currency)
      throw invalid('currency', 'a price range across businesses needs a currency');
    if (req.minPrice != null && req.maxPrice != null && req.minPrice > req.maxPrice)
      throw invalid('maxPrice', 'maxPrice must not be below minPrice');
    const key = SORT_KEYS[req.sort];
    const listing = `search:${req.sort}`;
    const cursor = req.after ? decodeCursor(req.after, listing, key) : null;
    if (req.after && !cursor) throw invalid('after', 'after is not a cursor of this search');

    const where: string[] = [VISIBLE, '(p.search_vector @@ q.tsq or q.text <% p.name)'];
    const params: unknown[] = [];
    const filter = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (req.handle) {
      const business = await this.businesses.findByHandle(ctx, req.handle);
      if (!business) return { edges: [], hasNextPage: false, endCursor: null };
      filter('p.business_id = ?', business.id);
    } else {
      // The one place the catalog reads a business column: the opt-in decides what may be searched.
      filter('p.business_id in (select b.id from business b where b.listed_in_search)');
    }
    if (req.currency) filter('p.currency = ?', req.currency);
    if (req.collectionId)
      filter(
        'exists (select 1 from collection_product cp where cp.collection_id = ? and cp.product_id = p.id)',
        req.collectionId,
      );
    if (req.minPrice != null) filter(`${SHOWN_PRICE} >= ?`, req.minPrice.toString());
    if (req.maxPrice != null) filter(`${SHOWN_PRICE} <= ?`, req.maxPrice.toString());
    if (req.inStock)
      filter(
        `p.availability = 'in_stock' and exists (select 1 from product_variant v where v.product_id = p.id and (v.stock is null or v.stock > 0))`,
      );

    const after = seek(key, cursor, 'id');
    // Prefix matching on every word: "kop sus" finds "Kopi Susu". Words are letters and digits only,
    // so nothing in them is tsquery syntax.
    const tsquery = words.map((w) => `${w}:*`).join(' & ');
    const rows = await this.em.execute<(ProductRow & { sort: string | number })[]>(
      `with q as (select ?::text as text, to_tsquery('simple', ?) as tsq)
       select * from (
         select ${PRODUCT_COLUMNS}, ${VARIANTS_JSON}, ${PHOTOS_JSON}, ${SCORE} as score, ${SHOWN_PRICE} as shown_price,
                p.id::text as created, lower(p.name) as lower_name
           from product p, q
          where ${where.join(' and ')}
       ) found
       where ${after.where}
       order by ${after.orderBy}
       limit ?`,
      [text, tsquery, ...params, ...after.params, req.first + 1],
    );
    const column = key.sql as 'score' | 'shown_price' | 'created' | 'lower_name';
    return this.catalogs.toPage(ctx, rows, req.first, (row) =>
      encodeCursor({ listing, value: String((row as unknown as Record<string, unknown>)[column]), id: row.id }),
    );
  }
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError([{ field, messages: [message] }]);
}
