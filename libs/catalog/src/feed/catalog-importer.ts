import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxService, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { productChanged } from '../catalog.jobs';
import { Product } from '../entities/product.entity';
import { ProductVariant } from '../entities/product-variant.entity';
import type { FeedError } from './entities/catalog-import.entity';
import { planImport, type ExistingCatalog } from './feed-plan';
import { FeedReader, type ReadFeed } from './feed-reader';
import { FeedRuns } from './feed-runs';

/** Rows checked between two progress reports. */
const PROGRESS_EVERY = 1_000;
/** Keys per IN list, far below PostgreSQL's 65,535 parameters a statement. */
const CHUNK = 5_000;

/** Thrown inside the write transaction to roll it back when the catalog changed under the import. */
class Rejected extends Error {
  constructor(readonly errors: FeedError[]) {
    super('the import no longer fits the catalog');
  }
}

/**
 * Runs a catalog import on the worker: every row is checked before anything is written, and then
 * everything is written in one transaction, with its productChanged events and the import's final
 * status. A file with any bad row writes nothing.
 */
@Injectable()
export class CatalogImporter {
  constructor(
    private readonly em: EntityManager,
    private readonly runs: FeedRuns,
    private readonly businesses: BusinessService,
    private readonly outbox: OutboxService,
  ) {}

  async run(ctx: RequestContext, importId: string): Promise<void> {
    const run = await this.runs.claim(importId);
    if (!run) return;
    const [business] = await this.businesses.byIds(ctx, [run.businessId]);
    if (!business) return; // deleted since; its imports went with it (cascade)

    const feed = await this.read(importId, run.input ?? '', business.currency);
    if (feed.errors.length > 0) return this.runs.fail(importId, feed.errors);

    // A dry run on a throwaway unit of work reports conflicts with the catalog (a SKU of another
    // product, an archived product) without holding locks while it looks.
    const trial = this.em.fork();
    const dry = planImport(feed, await this.existing(trial, run.businessId, feed, false), {
      businessId: run.businessId,
      currency: business.currency,
      now: new Date(),
      nextPosition: 0,
    });
    trial.clear();
    if (dry.errors.length > 0) return this.runs.fail(importId, dry.errors);

    try {
      await this.runs.finish(importId, async (row, tx) => {
        // Planned again on rows loaded and locked here: the catalog may have changed since the dry run.
        const existing = await this.existing(tx, run.businessId, feed, true);
        const [{ next }] = await tx.execute<{ next: number }[]>(
          'select coalesce(max(position) + 1, 0)::int as next from product where business_id = ?',
          [run.businessId],
        );
        const plan = planImport(feed, existing, {
          businessId: run.businessId,
          currency: business.currency,
          now: new Date(),
          nextPosition: next,
        });
        if (plan.errors.length > 0) throw new Rejected(plan.errors);
        for (const p of plan.planned) {
          if (p.created) tx.persist(p.product);
          for (const v of p.newVariants) tx.persist(v);
          if (p.change)
            this.outbox.enqueue(tx, productChanged, {
              productId: p.product.id,
              businessId: p.product.businessId,
              change: p.change,
            });
        }
        row.succeed(plan.counts, new Date());
      });
    } catch (e) {
      if (e instanceof Rejected) return this.runs.fail(importId, e.errors);
      throw e;
    }
  }

  private async read(importId: string, csv: string, currency: string): Promise<ReadFeed> {
    const reader = FeedReader.open(csv, currency);
    await this.runs.progress(importId, { totalRows: reader.totalRows, processedRows: 0 });
    for (let from = 0; from < reader.totalRows; from += PROGRESS_EVERY) {
      reader.check(from, from + PROGRESS_EVERY);
      await this.runs.progress(importId, { processedRows: Math.min(from + PROGRESS_EVERY, reader.totalRows) });
    }
    return reader.finish();
  }

  /** The products and SKUs the file names, as they are now; locked FOR UPDATE inside the write. */
  private async existing(em: EntityManager, businessId: string, feed: ReadFeed, lock: boolean): Promise<ExistingCatalog> {
    const products = await chunked(
      feed.products.map((p) => p.retailerId),
      (ids) =>
        em.find(
          Product,
          { businessId, retailerId: { $in: ids } },
          { lockMode: lock ? LockMode.PESSIMISTIC_WRITE : LockMode.NONE, refresh: lock, orderBy: { id: 'asc' } },
        ),
    );
    const variants = await chunked(
      products.map((p) => p.id),
      (ids) => em.find(ProductVariant, { productId: { $in: ids } }, { orderBy: { position: 'asc', id: 'asc' } }),
    );
    const skus = feed.products.flatMap((p) => p.variants.map((v) => v.sku));
    const named = await chunked(skus, (some) => em.find(ProductVariant, { businessId, sku: { $in: some } }));
    const known = new Map(products.map((p) => [p.id, p]));
    const others = await chunked([...new Set(named.map((v) => v.productId).filter((id) => !known.has(id)))], (ids) =>
      em.find(Product, { id: { $in: ids } }),
    );
    for (const p of others) known.set(p.id, p);

    const variantsOf = new Map<string, ProductVariant[]>();
    for (const v of variants) variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), v]);
    return {
      products: new Map(products.map((p) => [p.retailerId, p])),
      variantsOf,
      skuOwners: new Map(
        named.map((v) => [v.sku, { productId: v.productId, retailerId: known.get(v.productId)?.retailerId ?? '?' }]),
      ),
    };
  }
}

async function chunked<K, T>(keys: K[], load: (some: K[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) out.push(...(await load(keys.slice(i, i + CHUNK))));
  return out;
}
