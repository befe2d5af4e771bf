import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { JobSchedules, OnJob } from '@kedai/core';
import { sweepStalledFeeds } from './catalog-feed.jobs';
import { FeedRuns } from './feed-runs';

const HOUR_MS = 3_600_000;
/** Far longer than the largest import (5 MiB, 50,000 rows) takes. */
export const STALLED_AFTER_MS = 30 * 60_000;

/**
 * Fails import and export runs left `running` by a worker that died on the job's last attempt
 * (BullMQ then fails the job without calling it again), so no run stays running for ever. Nothing
 * of such a run reached the catalog: its writes and its final status commit together.
 */
@Injectable()
export class FeedSweeper {
  private readonly logger = new Logger(FeedSweeper.name);

  constructor(
    private readonly em: EntityManager,
    private readonly runs: FeedRuns,
    schedules: JobSchedules,
  ) {
    schedules.add(sweepStalledFeeds, { every: HOUR_MS });
  }

  @OnJob(sweepStalledFeeds)
  async sweep(): Promise<{ failed: number }> {
    const stalled = await this.em
      .fork()
      .execute<{ id: string }[]>(`select id from catalog_import where status = 'running' and started_at < ?`, [
        new Date(Date.now() - STALLED_AFTER_MS),
      ]);
    for (const { id } of stalled)
      await this.runs.fail(id, [{ row: null, column: null, message: 'the run stopped on our side; start it again' }]);
    if (stalled.length) this.logger.warn(`failed ${stalled.length} stalled catalog feed runs`);
    return { failed: stalled.length };
  }
}
