import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnJob, QueueRegistry, type RequestContext } from '@kedai/core';
import { cleanOrphanedMedia } from './media.jobs';
import { OrphanCleanupService } from './orphan-cleanup.service';

const HOUR_MS = 3_600_000;

/**
 * The worker side of media: runs the orphan cleanup, and keeps it scheduled. The schedule is a
 * BullMQ job scheduler, upserted on every start: idempotent, and one schedule however many
 * workers run, since it lives in Redis under a fixed id.
 */
@Injectable()
export class MediaCleanupProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(MediaCleanupProcessor.name);

  constructor(
    private readonly cleanup: OrphanCleanupService,
    private readonly queues: QueueRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues.get(cleanOrphanedMedia.queue).upsertJobScheduler(
      cleanOrphanedMedia.name,
      { every: HOUR_MS },
      {
        name: cleanOrphanedMedia.name,
        data: {},
        opts: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, removeOnComplete: 100, removeOnFail: 1_000 },
      },
    );
  }

  @OnJob(cleanOrphanedMedia)
  async clean(ctx: RequestContext): Promise<{ deleted: number }> {
    const deleted = await this.cleanup.clean(ctx);
    if (deleted > 0) this.logger.log(`deleted ${deleted} orphaned photos`);
    return { deleted };
  }
}
