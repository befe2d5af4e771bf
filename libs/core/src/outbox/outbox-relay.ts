import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { JobsOptions } from 'bullmq';
import { databaseConfig, outboxConfig, type DatabaseConfig, type OutboxConfig } from '../config/namespaces';
import { OutboxListener } from './outbox-listener';
import { Sql } from '../database/sql';
import { QueueRegistry } from '../jobs/queue-registry';
import { Metrics } from '../metrics/metrics';
import { withTimeout } from '../util/timeout';
import { eventNamed, subscriberJobId, subscribersFor } from '../events/event-definition';

interface PendingRow {
  id: string;
  queue: string;
  name: string;
  payload: unknown;
  priority: number | null;
  trace_context: string | null;
}

/**
 * Fault-injection seam for tests of crash safety: called after the batch is in Redis and before
 * the rows are marked sent. Production never provides it.
 */
export interface OutboxRelayHooks {
  afterEnqueue?(ids: string[]): Promise<void>;
}
export const OUTBOX_RELAY_HOOKS = Symbol('kedai.outboxRelayHooks');

const REDIS_TIMEOUT_MS = 5_000;

interface JobToAdd {
  queue: string;
  name: string;
  jobId: string;
  payload: unknown;
  priority: number | null;
  trace: string | null;
}

/**
 * The BullMQ options of the job an outbox row becomes, whoever adds it (the relay, or its writer
 * through OutboxHandoff): the row's id as the job id, so the two never add it twice; its priority;
 * its trace, which BullMQ keeps with the job and the dispatcher continues.
 */
export function outboxJobOptions(
  jobId: string,
  priority: number | null | undefined,
  trace: string | null | undefined,
): JobsOptions {
  return { jobId, ...(priority != null && { priority }), ...(trace && { telemetry: { metadata: trace } }) };
}

/**
 * A job row is one job (job id = row id). An event row is one job per subscriber (job id = row
 * id + subscriber), none when nobody subscribes or when the writer found that no subscriber wants
 * it (subscribersFor). A row by an event's name under another queue is an event written before
 * that name became one, fanned out the same way.
 */
function jobsOf(row: PendingRow): JobToAdd[] {
  if (!eventNamed(row.name))
    return [
      { queue: row.queue, name: row.name, jobId: row.id, payload: row.payload, priority: row.priority, trace: row.trace_context },
    ];
  const { subscribers, payload } = subscribersFor(row.name, row.payload);
  return subscribers.map((s) => ({
    queue: s.job.queue,
    name: s.job.name,
    jobId: subscriberJobId(row.id, s.subscriber),
    payload,
    priority: row.priority,
    trace: row.trace_context,
  }));
}

/**
 * Moves committed outbox rows to BullMQ. Each batch is claimed with FOR UPDATE SKIP LOCKED (so
 * any number of workers can relay side by side) and marked sent in the same statement, added with
 * jobId = row id, and the transaction committed. A crash after the add and before the commit leaves the rows unsent; the
 * next pass adds them again under the same job ids, which BullMQ ignores while the first job is
 * kept, and consumers guard with Effects.once for the rest. While Redis is down nothing is
 * marked sent and the relay backs off exponentially.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** A commit was announced since the last pass began: the next sleep is skipped. */
  private notified = false;
  private listener?: OutboxListener;
  private failures = 0;

  constructor(
    protected readonly orm: MikroORM,
    private readonly queues: QueueRegistry,
    @Inject(outboxConfig.KEY) private readonly cfg: OutboxConfig,
    @Inject(OUTBOX_RELAY_HOOKS) private readonly hooks: OutboxRelayHooks,
    @Inject(databaseConfig.KEY) private readonly db: DatabaseConfig,
    private readonly metrics: Metrics,
    private readonly sql: Sql,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.metrics.onScrape(() => this.measureLag());
    // Woken at each commit that wrote outbox rows (a trigger notifies): jobs start within
    // milliseconds instead of up to OUTBOX_POLL_MS later. Polling remains the safety net.
    this.listener = new OutboxListener(this.db.listenUrl, () => {
      this.notified = true;
      this.wake?.();
    });
    this.listener.start();
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.listener?.stop();
    await this.loop;
  }

  /**
   * Relays one batch; returns how many rows it moved. Two round trips to PostgreSQL (BEGIN with
   * the claim, then COMMIT) on plain pg, without MikroORM's fork and unit of work around them.
   */
  async relayBatch(): Promise<number> {
    // A validated integer (1..1000), inlined so that the claim rides with BEGIN (no parameters).
    const limit = Math.trunc(Number(this.cfg.batchSize));
    const moved = await this.sql.transaction(async (tx) => {
      // Claimed and marked sent in one statement, but committed only once the jobs are in Redis:
      // until then the rows stay locked (other relays skip them), and a crash or a failed add
      // rolls the mark back, so the rows are relayed again.
      const rows = await tx.query<PendingRow>(
        `update outbox set sent_at = now() where id in (
           select id from outbox where sent_at is null and available_at <= now()
            order by id limit ${limit} for update skip locked)
         returning id, queue, name, payload, priority, trace_context`,
      );
      if (rows.length === 0) return [];
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)); // RETURNING keeps no order
      await this.addToQueues(rows);
      await this.hooks.afterEnqueue?.(rows.map((r) => r.id));
      return rows;
    });
    for (const row of moved) this.metrics.outboxRelayed.inc({ queue: row.queue });
    return moved.length;
  }

  /** How far the relay is behind: due rows not yet sent, and the oldest one's age (the pending index answers it). */
  private async measureLag(): Promise<void> {
    const [row] = await this.orm.em.fork().execute<{ pending: string; lag: number | null }[]>(
      `select count(*) as pending, extract(epoch from now() - min(available_at))::float8 as lag
           from outbox where sent_at is null and available_at <= now()`,
    );
    this.metrics.outboxPending.set(Number(row.pending));
    this.metrics.outboxLag.set(Math.max(0, row.lag ?? 0));
  }

  private async addToQueues(rows: PendingRow[]): Promise<void> {
    const byQueue = new Map<string, JobToAdd[]>();
    for (const job of rows.flatMap(jobsOf)) byQueue.set(job.queue, [...(byQueue.get(job.queue) ?? []), job]);
    for (const [queue, batch] of byQueue) {
      const adding = this.queues
        .get(queue)
        .addBulk(batch.map((j) => ({ name: j.name, data: j.payload, opts: outboxJobOptions(j.jobId, j.priority, j.trace) })));
      await withTimeout(adding, REDIS_TIMEOUT_MS, `Redis, adding ${batch.length} jobs to ${queue}`);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      let moved = 0;
      this.notified = false;
      try {
        moved = await this.relayBatch();
        if (this.failures > 0) this.logger.log(`Outbox relay recovered after ${this.failures} failed attempts`);
        this.failures = 0;
      } catch (err) {
        this.failures += 1;
        this.logger.warn(`Outbox relay failed (attempt ${this.failures}): ${(err as Error).message}`);
      }
      // A full batch means more are waiting: go again at once. Otherwise poll, or back off after errors.
      if (moved === this.cfg.batchSize) continue;
      await this.sleep(this.failures > 0 ? this.backoffMs() : this.cfg.pollMs);
    }
  }

  private backoffMs(): number {
    const base = Math.min(this.cfg.maxBackoffMs, this.cfg.pollMs * 2 ** Math.min(this.failures, 16));
    return base / 2 + Math.random() * (base / 2); // jitter, so many relays do not retry in step
  }

  private sleep(ms: number): Promise<void> {
    if (this.notified && this.failures === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
