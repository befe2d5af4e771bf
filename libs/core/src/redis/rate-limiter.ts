import { Inject, Injectable } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { RateLimitedError } from '../errors/domain-error';
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
 * shares them. Throws RATE_LIMITED with the seconds until the window ends.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
  ) {}

  async hit(...limits: Limit[]): Promise<void> {
    let retryAfterMs = 0;
    for (const limit of limits) {
      const [hits, ttl] = (await this.redis.client.eval(
        HIT,
        1,
        `${this.config.keyPrefix}:limit:${limit.key}`,
        String(limit.windowMs),
      )) as [number, number];
      if (hits > limit.max) retryAfterMs = Math.max(retryAfterMs, ttl);
    }
    if (retryAfterMs > 0) throw new RateLimitedError(Math.ceil(retryAfterMs / 1000));
  }
}
