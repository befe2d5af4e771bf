import { Injectable, Logger } from '@nestjs/common';
import { JobSchedules, OnJob, type RequestContext } from '@kedai/core';
import { cleanOrphanedMedia } from './media.jobs';
import { OrphanCleanupService } from './orphan-cleanup.service';

const HOUR_MS = 3_600_000;

/**
 * The worker side of media: runs the orphan cleanup, and keeps it scheduled. The schedule is a
 * BullMQ job scheduler kept by JobSchedules: idempotent, one schedule however many workers run,
 * and re-created if Redis loses it.
 */
@Injectable()
export class MediaCleanupProcessor {
  private readonly logger = new Logger(MediaCleanupProcessor.name);

  constructor(
    private readonly cleanup: OrphanCleanupService,
    schedules: JobSchedules,
  ) {
    schedules.add(
      cleanOrphanedMedia,
      { every: HOUR_MS },
      { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 1_000 },
    );
  }

  @OnJob(cleanOrphanedMedia)
  async clean(ctx: RequestContext): Promise<{ deleted: number }> {
    const deleted = await this.cleanup.clean(ctx);
    if (deleted > 0) this.logger.log(`deleted ${deleted} orphaned photos`);
    return { deleted };
  }
}
