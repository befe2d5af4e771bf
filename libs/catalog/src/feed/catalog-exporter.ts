import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ReadReplica, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { Product } from '../entities/product.entity';
import { ProductVariant } from '../entities/product-variant.entity';
import { writeFeed } from './feed-writer';
import { FeedRuns } from './feed-runs';

const CHUNK = 5_000;

/** Runs a catalog export on the worker: every product not archived, in catalog order, as a feed CSV. */
@Injectable()
export class CatalogExporter {
  constructor(
    private readonly em: EntityManager,
    private readonly runs: FeedRuns,
    private readonly businesses: BusinessService,
    private readonly replica: ReadReplica,
  ) {}

  async run(ctx: RequestContext, exportId: string): Promise<void> {
    const run = await this.runs.claim(exportId);
    if (!run) return;
    const [business] = await this.businesses.byIds(ctx, [run.businessId]);
    if (!business) return;
    // Read-only: a fork of its own, so nothing loaded here can be flushed with the result.
    const em = this.em.fork();
    // The replica only if it has everything committed before this run began (the merchant's edits included).
    const connectionType = await this.replica.upToNow();
    const products = await em.find(
      Product,
      { businessId: run.businessId, archivedAt: null },
      { orderBy: { position: 'asc', id: 'asc' }, connectionType },
    );
    const variantsOf = new Map<string, ProductVariant[]>();
    for (let i = 0; i < products.length; i += CHUNK) {
      const ids = products.slice(i, i + CHUNK).map((p) => p.id);
      for (const v of await em.find(
        ProductVariant,
        { productId: { $in: ids } },
        { orderBy: { position: 'asc', id: 'asc' }, connectionType },
      ))
        variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), v]);
    }
    const { csv, rows } = writeFeed(products, variantsOf, business.currency);
    await this.runs.finish(exportId, (row) => {
      row.totalRows = rows;
      row.output = csv;
      row.succeed({ created: 0, updated: 0, unchanged: 0 }, new Date());
      return Promise.resolve();
    });
  }
}
