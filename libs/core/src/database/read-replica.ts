import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { databaseConfig, redisConfig, type DatabaseConfig, type RedisConfig } from '../config/namespaces';
import { RedisConnections } from '../redis/redis-connections';
import type { RequestContext } from '../request-context/request-context';

/** Where a read runs: MikroORM's names for the primary ('write') and the replica ('read'). */
export type ReadFrom = 'read' | 'write';

/** A WAL position ('16/B374D848') as a number, so two can be compared. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

const NEVER = 2n ** 64n;
/** How long a replay position read from the replica is trusted before it is read again. */
const REPLAY_CHECK_MS = 1_000;
/** How soon a replica found behind a read's position is asked again (reads meanwhile go to the primary). */
const RECHECK_BEHIND_MS = 50;
/** A session's last write is remembered this long: a replica further behind is useless anyway. */
const WROTE_TTL_MS = 10 * 60_000;
// Raises the session's position, never lowers it: two mutations of one person may finish out of order.
const RAISE = `local c = redis.call('get', KEYS[1])
if (not c) or tonumber(c) < tonumber(ARGV[1]) then redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[2])
else redis.call('pexpire', KEYS[1], ARGV[2]) end
return 1`;

/**
 * Decides, read by read, whether the streaming replica (DATABASE_READ_URL) may answer. It may when
 * it has replayed the WAL up to every position the read must see:
 * - the caller's own last write (read-your-writes): after each mutation of a signed-in person or
 *   API key the API records the primary's WAL position in Redis (`wrote`), and a read of that
 *   caller waits for nothing: it goes to the primary until the replica's replay position
 *   (`pg_last_wal_replay_lsn()`) has passed it;
 * - a named floor (`raise`): the catalog raises one on every change it hears of, so the catalog
 *   cache never refills from a replica that has not seen the change it was emptied for.
 *
 * Positions rather than a "wrote recently" timer: a timer guesses the lag, and a replica that
 * falls further behind than the guess (replay paused, a long vacuum) would hand a writer an older
 * row than they wrote. A position is exact whatever the lag, and costs one statement per mutation.
 * Without DATABASE_READ_URL everything reads from the primary and none of this runs.
 */
@Injectable()
export class ReadReplica {
  private readonly logger = new Logger(ReadReplica.name);
  /** The replica's replay position as last read: it only ever moves on. -1: unknown or unreachable. */
  private replayed = -1n;
  private checkedAt = 0;
  private checking?: Promise<void>;
  private readonly floors = new Map<string, { lsn: bigint; seq: number }>();
  private readonly sessionFloors = new WeakMap<RequestContext, Promise<bigint | null>>();

  constructor(
    private readonly orm: MikroORM,
    private readonly redis: RedisConnections,
    @Inject(databaseConfig.KEY) private readonly database: DatabaseConfig,
    @Inject(redisConfig.KEY) private readonly redisSettings: RedisConfig,
  ) {}

  get enabled(): boolean {
    return this.database.readUrl !== null;
  }

  /**
   * Where a read that may lag can run for this caller: the replica when it holds the caller's own
   * writes and the named floors given, else the primary. Anything unknown (Redis down, the replica
   * unreachable) means the primary.
   */
  async forCaller(ctx: RequestContext, ...floors: string[]): Promise<ReadFrom> {
    // Jobs read what they are about to act on: the primary (see upToNow for the exceptions).
    if (!this.enabled || ctx.isSystem) return 'write';
    const own = await this.sessionFloor(ctx);
    if (own === null) return 'write';
    const needed = floors.reduce((max, name) => maxOf(max, this.floors.get(name)?.lsn ?? 0n), own);
    return (await this.hasReplayed(needed)) ? 'read' : 'write';
  }

  /** For a job: the replica only if it holds everything committed before now (an export asked for after a change must show it). */
  async upToNow(): Promise<ReadFrom> {
    if (!this.enabled) return 'write';
    return (await this.hasReplayed(await this.primaryPosition())) ? 'read' : 'write';
  }

  /** After a write of this caller has committed: their reads stay on the primary until the replica has it. */
  async wrote(ctx: RequestContext): Promise<void> {
    const who = sessionOf(ctx);
    if (!this.enabled || !who) return;
    try {
      const lsn = await this.primaryPosition();
      await this.redis.run('Read-your-writes marker', (c) =>
        c.eval(RAISE, 1, this.sessionKey(who), lsn.toString(), String(WROTE_TTL_MS)),
      );
    } catch (e) {
      // The write has committed and its answer must still go out; what is lost is only where this
      // caller's next reads may run (a replica still behind may serve them for a moment).
      this.logger.warn(`could not record a write of ${who}: ${(e as Error).message}`);
    }
  }

  /**
   * Something changed that reads under `name` must see: until the primary's current position is
   * known, those reads go to the primary, then to the replica once it has replayed that far.
   */
  raise(name: string): void {
    if (!this.enabled) return;
    const seq = (this.floors.get(name)?.seq ?? 0) + 1;
    this.floors.set(name, { lsn: NEVER, seq });
    void this.primaryPosition()
      .then((lsn) => {
        // A later raise has its own lookup, which may still be running: leave the floor to it.
        if (this.floors.get(name)?.seq === seq) this.floors.set(name, { lsn, seq });
      })
      .catch((e: Error) => this.logger.warn(`could not read the primary's WAL position: ${e.message}`));
  }

  private async primaryPosition(): Promise<bigint> {
    const [row] = await this.orm.em.getConnection('write').execute<{ lsn: string }[]>('select pg_current_wal_lsn()::text as lsn');
    return parseLsn(row.lsn);
  }

  private async hasReplayed(lsn: bigint): Promise<boolean> {
    const age = Date.now() - this.checkedAt;
    if (this.replayed >= lsn && age < REPLAY_CHECK_MS) return true;
    // One look at the replica at a time; one that is behind is asked again only after a pause.
    if (this.replayed >= lsn || age >= RECHECK_BEHIND_MS) {
      this.checking ??= this.readReplayPosition().finally(() => (this.checking = undefined));
      await this.checking;
    }
    return this.replayed >= lsn;
  }

  private async readReplayPosition(): Promise<void> {
    try {
      const [row] = await this.orm.em
        .getConnection('read')
        .execute<{ lsn: string | null }[]>('select pg_last_wal_replay_lsn()::text as lsn');
      // null: the "replica" is a primary (no recovery); everything committed is there.
      this.replayed = row.lsn === null ? NEVER - 1n : maxOf(this.replayed, parseLsn(row.lsn));
    } catch (e) {
      if (this.replayed !== -1n) this.logger.warn(`replica unreachable, reading from the primary: ${(e as Error).message}`);
      this.replayed = -1n;
    }
    this.checkedAt = Date.now();
  }

  private sessionFloor(ctx: RequestContext): Promise<bigint | null> {
    const who = sessionOf(ctx);
    if (!who) return Promise.resolve(0n);
    let floor = this.sessionFloors.get(ctx);
    if (!floor) {
      floor = this.redis
        .run('Read-your-writes marker', (c) => c.get(this.sessionKey(who)))
        .then((v) => (v ? BigInt(v) : 0n))
        .catch(() => null);
      this.sessionFloors.set(ctx, floor);
    }
    return floor;
  }

  private sessionKey(who: string): string {
    return `${this.redisSettings.keyPrefix}:wrote:${who}`;
  }
}

/** Whose writes a read must see: a person (any of their devices) or an API key. */
function sessionOf(ctx: RequestContext): string | null {
  if (ctx.actor.kind === 'person') return `person:${ctx.actor.personId}`;
  if (ctx.actor.kind === 'business') return `key:${ctx.actor.apiKeyId}`;
  return null;
}

function maxOf(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
