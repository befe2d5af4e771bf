import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { appConfig, minorDigits, OutboxService, RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { CatalogService } from '@kedai/catalog';
import { MediaService } from '@kedai/media';
import { WhatsappChannel } from '../entities/channel.entity';
import { GraphApi, GraphApiError } from '../graph/graph-api';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { pushCatalog } from '../whatsapp.jobs';

/** Meta takes up to 5,000 requests in one batch; fewer keeps one push's transaction short. */
const BATCH = 1_000;

type Synced = Awaited<ReturnType<CatalogService['productsForSync']>>[number];

/**
 * Keeps a business's Meta catalog (the connected number's `catalogId`) in step with its Kedai
 * catalog. Each product change (catalog's productChanged event) marks the product dirty and
 * schedules a push WHATSAPP_CATALOG_SYNC_DELAY_MS later, in one transaction; a push takes every
 * dirty product of the number at once and sends them in one call to Meta's batch items API:
 * UPDATE (with allow_upsert) for what shoppers can see, DELETE for what they cannot (archived,
 * hidden, no photo), and DELETE of the old id when a SKU changed. A burst of changes therefore
 * goes in one batch, and the pushes scheduled by the rest of the burst find nothing left.
 *
 * A push holds its rows (FOR UPDATE SKIP LOCKED) until Meta answered: a 429, 5xx or network
 * error rolls back and the job retries with backoff, the rows still dirty; any other refusal is
 * recorded on the rows (lastError) and they are left clean, since sending them again would be
 * refused again until the product changes.
 */
@Injectable()
export class CatalogSyncService {
  private readonly logger = new Logger('WhatsappCatalogSync');

  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly catalog: CatalogService,
    private readonly businesses: BusinessService,
    private readonly media: MediaService,
    private readonly graph: GraphApi,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
    @Inject(appConfig.KEY) private readonly app: ReturnType<typeof appConfig>,
  ) {}

  /** A product of the business changed: mark it and schedule the number's push. */
  async changed(businessId: string, productId: string): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      const channel = await tx.findOne(WhatsappChannel, { businessId, metaCatalogId: { $ne: null } });
      if (!channel) return;
      await tx.execute(
        `insert into whatsapp_catalog_item (channel_id, product_id, dirty_at) values (?, ?, now())
         on conflict (channel_id, product_id) do update set dirty_at = now()`,
        [channel.id, productId],
      );
      this.outbox.enqueue(tx, pushCatalog, { channelId: channel.id }, { delayMs: this.config.catalogSyncDelayMs });
      await tx.flush();
    });
  }

  /** Pushes what is dirty for this number, a batch at a time. */
  async push(channelId: string): Promise<void> {
    while (await this.pushBatch(channelId)) {
      /* until nothing is left */
    }
  }

  /** One batch; true when it was full (more may wait). */
  private async pushBatch(channelId: string): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ product_id: string; retailer_id: string | null }[]>(
        `select product_id, retailer_id from whatsapp_catalog_item where channel_id = ? and dirty_at is not null
          order by dirty_at limit ? for update skip locked`,
        [channelId, BATCH],
      );
      if (rows.length === 0) return false;
      const channel = await tx.findOne(WhatsappChannel, { id: channelId });
      const system = RequestContext.system('whatsapp-catalog-sync');
      const products = await this.catalog.productsForSync(
        system,
        rows.map((r) => r.product_id),
      );
      const brand = channel ? ((await this.businesses.byIds(system, [channel.businessId]))[0]?.name ?? '') : '';
      const requests: Record<string, unknown>[] = [];
      const known = new Map<string, string | null>();
      for (const row of rows) {
        const synced = products.find((p) => p.product.id === row.product_id);
        const retailerId = synced?.visible ? synced.product.retailerId : null;
        if (row.retailer_id && row.retailer_id !== retailerId) requests.push({ method: 'DELETE', data: { id: row.retailer_id } });
        if (synced && retailerId) requests.push({ method: 'UPDATE', data: this.item(synced, brand) });
        known.set(row.product_id, retailerId);
      }
      let problem: string | null = null;
      if (channel?.metaCatalogId && requests.length > 0) {
        try {
          await this.graph.itemsBatch(channel, requests);
        } catch (e) {
          if (!(e instanceof GraphApiError) || e.retryable) throw e;
          problem = `${e.status}${e.code ? ` (${e.code})` : ''}: ${e.message}`.slice(0, 500);
          this.logger.warn({ channelId, items: rows.length, err: problem }, 'Meta refused a catalog batch');
        }
      }
      await tx.execute(
        `update whatsapp_catalog_item w set dirty_at = null, pushed_at = now(), last_error = ?,
                retailer_id = case when ?::boolean then w.retailer_id else x.retailer_id end
           from json_to_recordset(?::json) as x(product_id uuid, retailer_id text)
          where w.channel_id = ? and w.product_id = x.product_id`,
        [
          problem,
          problem !== null,
          JSON.stringify([...known].map(([product_id, retailer_id]) => ({ product_id, retailer_id }))),
          channelId,
        ],
      );
      return rows.length === BATCH;
    });
  }

  /** A product as a Meta catalog item (the batch API's fields). */
  private item({ product, variants, photos }: Synced, brand: string): Record<string, unknown> {
    const price = (minor: bigint) =>
      `${(Number(minor) / 10 ** minorDigits(product.currency)).toFixed(minorDigits(product.currency))} ${product.currency}`;
    const tracked = variants.filter((v) => v.stock !== null);
    const inventory =
      tracked.length === variants.length && variants.length > 0 ? tracked.reduce((n, v) => n + (v.stock ?? 0), 0) : null;
    const soldOut = product.availability === 'out_of_stock' || inventory === 0;
    const image = photos[0] ? this.media.urls(photos[0].id).large.jpeg : null;
    return {
      id: product.retailerId,
      title: product.name,
      description: product.description || product.name,
      availability: soldOut ? 'out of stock' : 'in stock',
      condition: 'new',
      price: price(product.priceMinor),
      ...(product.salePriceMinor !== null && { sale_price: price(product.salePriceMinor) }),
      ...(inventory !== null && { inventory }),
      ...(image && { image_link: image.startsWith('/') ? `${this.app.publicUrl}${image}` : image }),
      link: this.app.publicUrl,
      ...(brand && { brand }),
    };
  }
}
