import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { ReplyError, type Redis } from 'ioredis';
import { redisConfig, type RedisConfig } from '../config/namespaces';
import { UnavailableError } from '../errors/domain-error';
import { LocalLimits } from '../redis/local-limits';
import { RedisConnections } from '../redis/redis-connections';

// One round trip, atomic, for any number of limits (two keys and three arguments each): count
// the hit, start the window on the first one, and block the key for blockDuration once the limit
// is passed. Returns hits, ms left in the window, ms left in the block, per limit. It stops at the
// first blocked limit, as @nestjs/throttler's guard does when it throws: the later ones are not
// counted for a request that is refused anyway.
const INCREMENT = `
local out = {}
for i = 1, #KEYS / 2 do
  local hitsKey, blockKey = KEYS[2 * i - 1], KEYS[2 * i]
  local hits = redis.call('INCR', hitsKey)
  if hits == 1 then redis.call('PEXPIRE', hitsKey, ARGV[3 * i - 2]) end
  local ttl = redis.call('PTTL', hitsKey)
  local blocked = redis.call('PTTL', blockKey)
  if blocked <= 0 and hits > tonumber(ARGV[3 * i - 1]) then
    redis.call('SET', blockKey, '1', 'PX', ARGV[3 * i])
    blocked = tonumber(ARGV[3 * i])
  end
  out[#out + 1] = hits
  out[#out + 1] = ttl
  out[#out + 1] = blocked
  if blocked > 0 then return out end
end
return out
`;
/** What `increment` answers (the package does not export its name). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

const INCREMENT_SHA = createHash('sha1').update(INCREMENT).digest('hex');

/** One limit to count a hit against, as @nestjs/throttler's `increment` takes it. */
export interface ThrottleHit {
  key: string;
  ttl: number;
  limit: number;
  blockDuration: number;
  throttlerName: string;
}

/**
 * @nestjs/throttler's storage in Redis, so every API process counts against the same limits.
 * (No published Redis storage declares Nest 12 yet; this is the whole of what one needs.)
 * While Redis is away the hits are counted in this process instead (LocalLimits): a Redis outage
 * neither fails every request nor lifts the limits.
 *
 * `incrementAll` counts every limit of a request (per IP and per account) in one round trip:
 * the guard's own loop awaits one `increment` per limit, two Redis round trips per request.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly config: RedisConfig,
    private readonly local: LocalLimits,
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string) {
    const [record] = await this.incrementAll([{ key, ttl, limit, blockDuration, throttlerName }]);
    return record!;
  }

  /**
   * Counts one hit against each limit, in order, and stops at the first that blocks (the records
   * then end with it). With a Redis Cluster each limit's keys live in their own slot (one hash tag
   * per limit), so each limit is its own command there, sent together.
   */
  async incrementAll(hits: readonly ThrottleHit[]): Promise<ThrottlerStorageRecord[]> {
    if (hits.length === 0) return [];
    const bases = hits.map((h) => `${this.config.keyPrefix}:throttle:{${h.throttlerName}:${h.key}}`);
    let counted: number[];
    try {
      counted = await this.redis.run('rate limits', async (c) => {
        if (!this.config.clusterNodes) return run(c, hits, bases);
        const each = await Promise.all(hits.map((h, i) => run(c, [h], [bases[i]!])));
        const upToBlocked = each.findIndex(([, , blocked]) => blocked! > 0);
        return (upToBlocked < 0 ? each : each.slice(0, upToBlocked + 1)).flat();
      });
    } catch (e) {
      if (!(e instanceof UnavailableError)) throw e;
      const records: ThrottlerStorageRecord[] = [];
      for (const [i, h] of hits.entries()) {
        const record = await this.local.increment(bases[i]!, h.ttl, h.limit, h.blockDuration, h.throttlerName);
        records.push(record);
        if (record.isBlocked) break;
      }
      return records;
    }
    const records: ThrottlerStorageRecord[] = [];
    for (let i = 0; i < counted.length; i += 3) {
      const [hitCount, ttlMs, blockedMs] = [counted[i]!, counted[i + 1]!, counted[i + 2]!];
      const isBlocked = blockedMs > 0;
      records.push({
        totalHits: hitCount,
        timeToExpire: Math.ceil(Math.max(ttlMs, 0) / 1000),
        isBlocked,
        timeToBlockExpire: isBlocked ? Math.ceil(blockedMs / 1000) : 0,
      });
    }
    return records;
  }
}

/** The script by its hash (Redis keeps it after the first EVAL), sending its text only when Redis does not know it yet. */
async function run(c: Redis, hits: readonly ThrottleHit[], bases: readonly string[]): Promise<number[]> {
  const keys = bases.flatMap((base) => [`${base}:hits`, `${base}:blocked`]);
  const args = hits.flatMap((h) => [String(h.ttl), String(h.limit), String(Math.max(h.blockDuration, 1))]);
  try {
    return (await c.evalsha(INCREMENT_SHA, keys.length, ...keys, ...args)) as number[];
  } catch (e) {
    if (!(e instanceof ReplyError && (e as Error).message.startsWith('NOSCRIPT'))) throw e;
    return (await c.eval(INCREMENT, keys.length, ...keys, ...args)) as number[];
  }
}
