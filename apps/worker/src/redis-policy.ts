import { Cluster, Redis } from 'ioredis';
import type { RedisConfig } from '@kedai/core';

/**
 * BullMQ keeps jobs as ordinary keys: a Redis that evicts keys under memory pressure would
 * silently drop jobs. Read from INFO, which managed Redis services allow where CONFIG is blocked.
 */
export async function assertNoEviction(redis: Redis, name = 'Redis'): Promise<void> {
  const info = await redis.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy !== 'noeviction') {
    throw new Error(
      `${name} maxmemory-policy is "${policy ?? 'unknown'}"; the worker needs "noeviction" so queued jobs are never evicted. ` +
        'Set it with `redis-cli config set maxmemory-policy noeviction` (and in redis.conf).',
    );
  }
}

/**
 * The same on every server the worker's keys may live on: REDIS_URL's, or with REDIS_CLUSTER_NODES
 * each node of the cluster, masters and replicas alike (a replica is a master after a failover),
 * as CLUSTER SLOTS lists them, not only the nodes named in the variable. Every node that would
 * evict is named in one error.
 */
export async function assertNoEvictionEverywhere(config: RedisConfig): Promise<void> {
  if (!config.clusterNodes) {
    const redis = new Redis(config.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      await assertNoEviction(redis);
    } finally {
      redis.disconnect();
    }
    return;
  }
  const url = new URL(config.url);
  const cluster = new Cluster(config.clusterNodes, {
    lazyConnect: true,
    clusterRetryStrategy: () => null,
    redisOptions: {
      maxRetriesPerRequest: 1,
      ...(url.password && {
        password: decodeURIComponent(url.password),
        username: decodeURIComponent(url.username) || undefined,
      }),
    },
  });
  try {
    await cluster.connect();
    const nodes = cluster.nodes('all');
    const refusals = (
      await Promise.all(
        nodes.map((node) =>
          assertNoEviction(node, `Redis Cluster node ${node.options.host}:${node.options.port}`).then(
            () => null,
            (e: Error) => e.message,
          ),
        ),
      )
    ).filter((m): m is string => m !== null);
    if (refusals.length) throw new Error(refusals.join('\n'));
  } finally {
    cluster.disconnect();
  }
}
