import { Inject, Injectable } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { RateLimitedError, UnavailableError } from '../errors/domain-error';
import { LocalLimits } from './local-limits';
import { RedisConnections } from './redis-connections';

// Fixed window: count the hit, start the window on the first one; one atomic round trip.
const HIT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { hits, redis.call('PTTL', KEYS[1]) }
`;

export interface Limit {
  /** What is limited, e.g. `signin:phone:+60123456789`. */
  key: string;
  max: number;
  windowMs: number;
}

/**
 * Business rate limits (sign-in codes per phone, per IP …) counted in Redis so every API process
 * shares them. Throws RATE_LIMITED with the seconds until the window ends. While Redis is away
 * the limits are counted in this process (LocalLimits) rather than dropped.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly local: LocalLimits,
  ) {}

  async hit(...limits: Limit[]): Promise<void> {
    let retryAfterMs = 0;
    for (const limit of limits) {
      const [hits, ttl] = await this.count(limit);
      if (hits > limit.max) retryAfterMs = Math.max(retryAfterMs, ttl);
    }
    if (retryAfterMs > 0) throw new RateLimitedError(Math.ceil(retryAfterMs / 1000));
  }

  /** Hits in the current window (this one included) and the ms left in it. */
  private async count(limit: Limit): Promise<[number, number]> {
    const key = `${this.config.keyPrefix}:limit:${limit.key}`;
    try {
      return (await this.redis.run('rate limits', (c) => c.eval(HIT, 1, key, String(limit.windowMs)))) as [number, number];
    } catch (e) {
      if (!(e instanceof UnavailableError)) throw e;
      const local = await this.local.increment(key, limit.windowMs, limit.max, 0, 'limit');
      return [local.totalHits, (local.isBlocked ? local.timeToBlockExpire : local.timeToExpire) * 1000];
    }
  }
}
