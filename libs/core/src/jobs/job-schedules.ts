import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { JobsOptions, RepeatOptions } from 'bullmq';
import type { JobDefinition } from './job-definition';
import { QueueRegistry } from './queue-registry';

interface Schedule {
  job: JobDefinition<unknown>;
  repeat: Omit<RepeatOptions, 'key'>;
  opts?: JobsOptions;
}

/**
 * The worker's repeatable jobs (reconciliation, sweeps, cleanup) as BullMQ job schedulers.
 * A schedule lives in Redis under the job's name, so upserting it is idempotent and there is one
 * however many workers run. It is upserted at start AND whenever a queue's connection comes back:
 * a Redis that restarted without its data (or failed over to an empty replica) would otherwise
 * run no schedule until some worker restarted.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedules.name);
  private readonly schedules: Schedule[] = [];

  constructor(private readonly queues: QueueRegistry) {}

  /** Declares a repeatable job. Call it from a constructor or onModuleInit, before the app bootstraps. */
  add(job: JobDefinition<unknown>, repeat: Omit<RepeatOptions, 'key'>, opts?: JobsOptions): void {
    this.schedules.push({ job, repeat, opts });
  }

  /** The declared schedules, by scheduler id (the job's name). */
  list(): { queue: string; id: string }[] {
    return this.schedules.map((s) => ({ queue: s.job.queue, id: s.job.name }));
  }

  async onApplicationBootstrap(): Promise<void> {
    const queues = [...new Set(this.schedules.map((s) => s.job.queue))];
    for (const queue of queues) {
      let first = true;
      this.queues.connection(queue).on('ready', () => {
        // The first 'ready' is the start, which the upsert below covers.
        if (first) return void (first = false);
        void this.upsert(queue)
          .then(() => this.logger.log(`job schedules on ${queue} re-created after Redis came back`))
          .catch((e: Error) => this.logger.warn(`could not re-create the job schedules on ${queue}: ${e.message}`));
      });
      if (this.queues.connection(queue).status === 'ready') first = false;
    }
    await Promise.all(queues.map((q) => this.upsert(q)));
  }

  private async upsert(queue: string): Promise<void> {
    for (const s of this.schedules.filter((x) => x.job.queue === queue)) {
      await this.queues
        .get(queue)
        .upsertJobScheduler(s.job.name, s.repeat, { name: s.job.name, data: {}, ...(s.opts ? { opts: s.opts } : {}) });
    }
  }
}
