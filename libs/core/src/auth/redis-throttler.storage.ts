import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { UnavailableError } from '../errors/domain-error';
import { LocalLimits } from '../redis/local-limits';
import { RedisConnections } from '../redis/redis-connections';

// One round trip, atomic: count the hit, start the window on the first one, and block the key
// for blockDuration once the limit is passed. Returns hits, ms left in the window, blocked flag,
// ms left in the block.
const INCREMENT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
local blocked = redis.call('PTTL', KEYS[2])
if blocked <= 0 and hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  blocked = tonumber(ARGV[3])
end
return { hits, ttl, blocked }
`;

/**
 * @nestjs/throttler's storage in Redis, so every API process counts against the same limits.
 * (No published Redis storage declares Nest 12 yet; this is the whole of what one needs.)
 * While Redis is away the hits are counted in this process instead (LocalLimits): a Redis outage
 * neither fails every request nor lifts the limits.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly local: LocalLimits,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    // One hash tag for both keys: the script touches them together, which a Redis Cluster allows in one slot only.
    const base = `${this.config.keyPrefix}:throttle:{${throttlerName}:${key}}`;
    let counted: [number, number, number];
    try {
      counted = (await this.redis.run('rate limits', (c) =>
        c.eval(INCREMENT, 2, `${base}:hits`, `${base}:blocked`, String(ttl), String(limit), String(Math.max(blockDuration, 1))),
      )) as [number, number, number];
    } catch (e) {
      if (!(e instanceof UnavailableError)) throw e;
      return this.local.increment(base, ttl, limit, blockDuration, throttlerName);
    }
    const [hits, ttlMs, blockedMs] = counted;
    const isBlocked = blockedMs > 0;
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(Math.max(ttlMs, 0) / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil(blockedMs / 1000) : 0,
    };
  }
}
