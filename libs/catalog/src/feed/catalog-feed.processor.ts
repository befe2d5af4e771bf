import { Injectable } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, OnJob, type JobInfo, type RequestContext } from '@kedai/core';
import { catalogExportRequested, catalogImportRequested } from './catalog-feed.jobs';
import { CatalogExporter } from './catalog-exporter';
import { CatalogImporter } from './catalog-importer';
import { FeedRuns } from './feed-runs';

/**
 * The worker's entry points for catalog imports and exports. A job that throws is retried by
 * BullMQ (the row stays running and the retry takes it up again); the last attempt marks the row
 * failed instead, so no import is left running for ever after an outage outlasts the retries.
 */
@Injectable()
export class CatalogFeedProcessor {
  constructor(
    private readonly importer: CatalogImporter,
    private readonly exporter: CatalogExporter,
    private readonly runs: FeedRuns,
  ) {}

  @OnJob(catalogImportRequested)
  async import(ctx: RequestContext, payload: { importId: string }, job: JobInfo): Promise<void> {
    await this.lastTry(payload.importId, job, () => this.importer.run(ctx, payload.importId));
  }

  @OnJob(catalogExportRequested)
  async export(ctx: RequestContext, payload: { exportId: string }, job: JobInfo): Promise<void> {
    await this.lastTry(payload.exportId, job, () => this.exporter.run(ctx, payload.exportId));
  }

  private async lastTry(id: string, job: JobInfo, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      if (job.attempt >= (DEFAULT_JOB_OPTIONS.attempts ?? 1))
        await this.runs.fail(id, [{ row: null, column: null, message: 'the run failed on our side; start it again' }]);
      throw e;
    }
  }
}
