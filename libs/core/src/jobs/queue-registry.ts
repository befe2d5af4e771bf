import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { RedisConnections } from '../redis/redis-connections';

/**
 * Retries back off exponentially (1 s, 2 s, 4 s … about 4 min in all); a job that keeps failing
 * stays in the failed set (the dead letters) for a week where it can be inspected and retried.
 * Completed jobs are kept for a day so a re-relayed outbox row with the same job id is ignored.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 100_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Producer-side BullMQ queues, one per name, sharing one connection that fails fast when Redis is down. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  private readonly connections = new Map<string, Redis>();

  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      // No offline queue: while Redis is away, adds fail at once and the outbox keeps the rows.
      const connection = this.redis.open(`queue:${name}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      this.connections.set(name, connection);
      queue = new Queue(name, {
        connection,
        prefix: this.config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The connection a queue's producer uses, to follow it going down and coming back. */
  connection(name: string): Redis {
    this.get(name);
    return this.connections.get(name)!;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}
