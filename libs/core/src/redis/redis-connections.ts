import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/namespaces';

/**
 * Opens and tracks every Redis connection the process makes, so shutdown closes them all.
 * Commands (health, rate limits, locks) share `client`; BullMQ gets its own connections because
 * its blocking commands would stall everything else on a shared one.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly opened = new Set<Redis>();
  readonly client: Redis;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {
    this.client = this.open('commands', { maxRetriesPerRequest: 2 });
  }

  /** A new connection; `purpose` shows in CLIENT LIST. */
  open(purpose: string, options: RedisOptions = {}): Redis {
    const redis = new Redis(this.config.url, {
      connectionName: `kedai:${purpose}`,
      // Keep retrying with a capped delay: Redis coming back must not need a process restart.
      retryStrategy: (times) => Math.min(times * 200, 2_000),
      ...options,
    });
    redis.on('error', () => undefined); // surfaced through health checks and failed commands, not as crashes
    this.opened.add(redis);
    redis.once('end', () => this.opened.delete(redis));
    return redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.opened].map((r) => r.quit().catch(() => r.disconnect())));
  }
}
