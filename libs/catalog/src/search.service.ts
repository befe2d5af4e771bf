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

/**
 * How a query matches. `words` first: every word, or the start of it, in the name or description
 * (GIN index on the tsvector; name words rank higher). Only when that finds nothing does the query
 * go `similar`: names containing something close to the query (pg_trgm word similarity on its GIN
 * index), which is what catches typos. Trigram matching costs several times more, so it runs for
 * the few queries that need it. Scores are rounded so a cursor carries them exactly.
 */
type MatchMode = 'words' | 'similar';
const MATCH: Record<MatchMode, { where: string; score: string }> = {
  words: {
    where: `p.search_vector @@ to_tsquery('simple', ?)`,
    score: `round(ts_rank(p.search_vector, to_tsquery('simple', ?))::numeric, 6)`,
  },
  similar: { where: 'p.name %> ?', score: 'round(word_similarity(?, p.name)::numeric, 6)' },
};
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
    const listing = (mode: MatchMode) => `search:${req.sort}:${mode}`;
    // A next page continues in the mode its first page found (the cursor names it).
    const cursor = req.after
      ? (decodeCursor(req.after, listing('words'), key) ?? decodeCursor(req.after, listing('similar'), key))
      : null;
    if (req.after && !cursor) throw invalid('after', 'after is not a cursor of this search');

    const where: string[] = [VISIBLE];
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

    // Prefix matching on every word: "kop sus" finds "Kopi Susu". Words are letters and digits only,
    // so nothing in them is tsquery syntax.
    const term: Record<MatchMode, string> = { words: words.map((w) => `${w}:*`).join(' & '), similar: text };
    const run = async (mode: MatchMode) => {
      const after = seek(key, cursor, 'id');
      const rows = await this.em.execute<(ProductRow & Record<string, unknown>)[]>(
        `select * from (
           select ${PRODUCT_COLUMNS}, ${VARIANTS_JSON}, ${PHOTOS_JSON}, ${MATCH[mode].score} as score,
                  ${SHOWN_PRICE} as shown_price, p.id::text as created, lower(p.name) as lower_name
             from product p
            where ${[...where, MATCH[mode].where].join(' and ')}
         ) found
         where ${after.where}
         order by ${after.orderBy}
         limit ?`,
        [term[mode], ...params, term[mode], ...after.params, req.first + 1],
        { connectionType: await this.catalogs.readFrom(ctx) },
      );
      return this.catalogs.toPage(ctx, rows, req.first, (row) =>
        encodeCursor({ listing: listing(mode), value: String(row[key.sql]), id: row.id }),
      );
    };
    if (cursor) return run(cursor.listing === listing('words') ? 'words' : 'similar');
    const found = await run('words');
    return found.edges.length > 0 ? found : run('similar');
  }
}

function invalid(field: string, message: string): InvalidInputError {
  return new InvalidInputError([{ field, messages: [message] }]);
}
