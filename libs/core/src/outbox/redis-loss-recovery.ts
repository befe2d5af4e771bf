import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { outboxConfig, redisConfig, type OutboxConfig, type RedisConfig } from '../config/namespaces';
import { RedisConnections } from '../redis/redis-connections';

/** How often each worker looks for the marker: a loss is noticed within this long. */
const CHECK_EVERY_MS = 1_000;

/**
 * Puts back in line the jobs a Redis forgot. The relay marks an outbox row sent once its job is in
 * Redis; a Redis that restarts without persistence, is flushed, or fails over to an empty node
 * loses the jobs still waiting (and those waiting to be retried), and nothing would run them.
 *
 * A marker key, in the queues' hash slot (QUEUE_PREFIX), says "this Redis holds our jobs". Every
 * worker reads it each second; when Redis answers that it is not there, Redis is new to us: the
 * rows relayed in the last OUTBOX_REPLAY_WINDOW_S are marked unsent, so the relay hands them to
 * BullMQ again under their own job ids, and only then is the marker written. A crash in between
 * leaves the marker missing and the next look does it again; two workers doing it at once relay
 * the same job ids, which BullMQ adds once. A Redis that is down or loading answers nothing, so
 * it is never taken for an empty one.
 *
 * The window must cover how long a relayed job can wait in Redis before it has run: its queue's
 * backlog plus its retries (8 attempts, 1 s doubling: 127 s of backoff). Delayed work waits in
 * the outbox (available_at), not in Redis, so delays do not count. 15 minutes is several times the
 * longest backlog the benches and drills have built (a 138 s drain on a saturated box). Jobs that
 * had already run are run again, which every consumer is built for (Effects.once, state guards,
 * keyed messages: see README, "When Redis is down"). The first worker on a new Redis does the
 * same, since it cannot tell a new deployment from a lost Redis. The update scans the outbox (no
 * index on sent_at: every relayed row would pay for one), which it does only when Redis was lost.
 */
@Injectable()
export class RedisLossRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisLossRecovery.name);
  private readonly key: string;
  private timer?: NodeJS.Timeout;
  private checking?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) redisCfg: RedisConfig,
    @Inject(outboxConfig.KEY) private readonly cfg: OutboxConfig,
  ) {
    this.key = `${redisCfg.queuePrefix}:outbox-epoch`;
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.checking ??= this.check()
        .catch((e: Error) => this.logger.debug(`could not look for the Redis marker: ${e.message}`))
        .finally(() => (this.checking = undefined));
    };
    tick();
    this.timer = setInterval(tick, CHECK_EVERY_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  /** One look; returns how many rows it put back in line (0 when Redis still holds our jobs). */
  async check(): Promise<number> {
    const marker = await this.redis.run('the outbox relay', (r) => r.get(this.key));
    if (marker !== null) return 0;
    const [{ count }] = await this.orm.em.fork().execute<{ count: string }[]>(
      `with r as (update outbox set sent_at = null where sent_at > now() - make_interval(secs => ?) returning 1)
         select count(*) as count from r`,
      [this.cfg.replayWindowS],
    );
    await this.redis.run('the outbox relay', (r) => r.set(this.key, `${new Date().toISOString()} ${randomUUID()}`, 'NX'));
    const n = Number(count);
    if (n > 0) this.logger.warn(`Redis holds none of our jobs (restarted empty or flushed): relaying ${n} outbox rows again`);
    return n;
  }
}
