import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Cluster, Redis, ReplyError, type RedisOptions } from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { UnavailableError } from '../errors/domain-error';

const READY_AT_START_MS = 5_000;

/**
 * Opens and tracks every Redis connection the process makes, so shutdown closes them all.
 * Commands (health, rate limits, pub/sub publishes) share `client`; BullMQ and subscribers get
 * their own connections because blocking commands would stall everything else on a shared one.
 *
 * The shared client fails fast while Redis is away: no offline queue (a command on a connection
 * that is not ready fails at once instead of waiting for a reconnect), one retry at most, and a
 * command timeout (REDIS_COMMAND_TIMEOUT_MS) for a Redis that accepts connections but does not
 * answer. Callers go through `run`, which turns any of these into UNAVAILABLE.
 */
@Injectable()
export class RedisConnections implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly opened = new Set<Redis>();
  readonly client: Redis;

  constructor(@Inject(redisConfig.KEY) private readonly config: RedisConfig) {
    this.client = this.open('commands', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: config.commandTimeoutMs,
      enableAutoPipelining: config.autoPipelining,
    });
    let down = false;
    this.client.on('close', () => {
      if (!down) this.logger.warn('Redis connection lost: rate limits are counted per process, live events wait');
      down = true;
    });
    this.client.on('ready', () => {
      if (down) this.logger.log('Redis connection back');
      down = false;
    });
  }

  /** Without an offline queue, the first commands would fail if sent before the connection is up. */
  async onModuleInit(): Promise<void> {
    if (this.client.status === 'ready') return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_AT_START_MS);
      this.client.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Whether commands can be sent right now. */
  get available(): boolean {
    return this.client.status === 'ready';
  }

  /**
   * Runs commands that need Redis: fails at once with UnavailableError (`what` names the
   * feature) when the connection is down, or when it drops or times out during the call. Errors
   * Redis itself answered (a script error, a wrong type) are bugs and pass through unchanged.
   */
  async run<T>(what: string, fn: (client: Redis) => Promise<T>): Promise<T> {
    if (!this.available) throw new UnavailableError(what);
    try {
      return await fn(this.client);
    } catch (e) {
      if (e instanceof ReplyError) throw e;
      throw new UnavailableError(what);
    }
  }

  /**
   * A new connection; `purpose` shows in CLIENT LIST. With REDIS_CLUSTER_NODES, a Cluster client:
   * it speaks the same commands (typed as Redis for the callers), routes each key to its node and
   * follows the cluster through failovers and resharding. BullMQ keeps a queue's keys in one slot
   * through QUEUE_PREFIX's hash tag; pub/sub messages reach subscribers on every node.
   */
  open(purpose: string, options: RedisOptions = {}): Redis {
    const redis = this.config.clusterNodes
      ? this.openCluster(purpose, options)
      : new Redis(this.config.url, {
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

  private openCluster(purpose: string, options: RedisOptions): Redis {
    const { enableOfflineQueue, ...perNode } = options;
    const url = new URL(this.config.url);
    const cluster = new Cluster(this.config.clusterNodes!, {
      clusterRetryStrategy: (times) => Math.min(times * 200, 2_000),
      ...(enableOfflineQueue !== undefined && { enableOfflineQueue }),
      redisOptions: {
        connectionName: `kedai:${purpose}`,
        ...(url.password && {
          password: decodeURIComponent(url.password),
          username: decodeURIComponent(url.username) || undefined,
        }),
        ...perNode,
      },
    });
    return cluster as unknown as Redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.opened].map((r) => r.quit().catch(() => r.disconnect())));
  }
}
