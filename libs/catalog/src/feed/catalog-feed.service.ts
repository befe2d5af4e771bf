import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError, OutboxService, type JobDefinition, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { catalogExportRequested, catalogImportRequested } from './catalog-feed.jobs';
import { CatalogImport, MAX_IMPORT_BYTES, type FeedKind } from './entities/catalog-import.entity';
import { CatalogImportTooLargeError } from './errors';

/**
 * Catalog imports and exports, merchant side: starting one, following it, fetching an export.
 * All of it needs catalog:write (an export holds the whole catalog, stock included).
 */
@Injectable()
export class CatalogFeedService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly outbox: OutboxService,
  ) {}

  /** Stores the CSV and queues its import; the worker checks and applies it. */
  async startImport(ctx: RequestContext, businessId: string, csv: string): Promise<CatalogImport> {
    await this.access.require(ctx, businessId, 'catalog:write');
    if (Buffer.byteLength(csv) > MAX_IMPORT_BYTES) throw new CatalogImportTooLargeError();
    return this.start(ctx, businessId, 'import', catalogImportRequested, csv);
  }

  async startExport(ctx: RequestContext, businessId: string): Promise<CatalogImport> {
    await this.access.require(ctx, businessId, 'catalog:write');
    return this.start(ctx, businessId, 'export', catalogExportRequested);
  }

  async find(ctx: RequestContext, id: string): Promise<CatalogImport> {
    const found = await this.em.findOne(CatalogImport, { id }, { refresh: true });
    // Refused the same way whether or not it exists, so other businesses' ids cannot be probed.
    await this.access.require(ctx, found?.businessId ?? id, 'catalog:write');
    if (!found) throw new NotFoundError('Catalog import');
    return found;
  }

  /** A business's imports and exports, newest first. */
  async list(ctx: RequestContext, businessId: string, first: number): Promise<CatalogImport[]> {
    await this.access.require(ctx, businessId, 'catalog:write');
    return this.em.find(
      CatalogImport,
      { businessId },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first, refresh: true },
    );
  }

  /** The CSV of a finished export of this business. */
  async exportCsv(ctx: RequestContext, businessId: string, exportId: string): Promise<string> {
    await this.access.require(ctx, businessId, 'catalog:write');
    const found = await this.em.findOne(
      CatalogImport,
      { id: exportId, businessId, kind: 'export', status: 'succeeded' },
      { populate: ['output'], refresh: true },
    );
    if (found?.output === null || found?.output === undefined) throw new NotFoundError('Catalog export');
    return found.output;
  }

  private async start<P>(
    ctx: RequestContext,
    businessId: string,
    kind: FeedKind,
    job: JobDefinition<P>,
    csv?: string,
  ): Promise<CatalogImport> {
    const run = new CatalogImport({ businessId, createdBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null, kind, csv });
    // The row and its job commit together: never a queued import that no job will run.
    await this.em.transactional(async (tx) => {
      tx.persist(run);
      const payload = kind === 'import' ? { importId: run.id } : { exportId: run.id };
      this.outbox.enqueue(tx, job, payload as P);
      await tx.flush();
    });
    return run;
  }
}
