import type { Redis } from 'ioredis';

/**
 * BullMQ keeps jobs as ordinary keys: a Redis that evicts keys under memory pressure would
 * silently drop jobs. Read from INFO, which managed Redis services allow where CONFIG is blocked.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const info = await redis.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy ?? 'unknown'}"; the worker needs "noeviction" so queued jobs are never evicted. ` +
        'Set it with `redis-cli config set maxmemory-policy noeviction` (and in redis.conf).',
    );
  }
}
