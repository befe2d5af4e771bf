import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { outboxConfig, type OutboxConfig } from '../config/namespaces';
import { Sql } from '../database/sql';
import type { JobDefinition } from '../jobs/job-definition';
import { QueueRegistry } from '../jobs/queue-registry';
import { Metrics } from '../metrics/metrics';
import { withTimeout } from '../util/timeout';
import { outboxJobOptions } from './outbox-relay';
import { OutboxSentMarks } from './outbox-sent-marks';

const REDIS_TIMEOUT_MS = 2_000;

/** A job whose outbox row its writer just committed, due `fallbackMs` later (see OutboxHandoff). */
export interface HandedJob<P> {
  /** The outbox row's id: the job's id, as the relay would give it. */
  rowId: string;
  job: JobDefinition<P>;
  payload: P;
  priority?: number | null;
  trace?: string | null;
}

/**
 * A job its writer hands to BullMQ itself, right after its commit, instead of waiting for the
 * relay: the writer's transaction writes the outbox row due `fallbackMs` later (so its commit does
 * not wake the relay, whose trigger notifies only rows due now), then adds the job under the row's
 * id and marks the row sent. The row is the crash guarantee: a process that dies between its
 * commit and the add, a Redis that refuses it, or a mark that never lands leaves the row to the
 * relay once it is due, which adds the job under the same id (BullMQ ignores a job id it keeps;
 * consumers are idempotent for the rest). For the hot paths where the relay's hop (a NOTIFY, a
 * claim, a commit) cost more than the job (checkout's order, issue 15).
 */
@Injectable()
export class OutboxHandoff implements OnApplicationShutdown {
  private readonly logger = new Logger(OutboxHandoff.name);
  private readonly marks: OutboxSentMarks;

  constructor(
    private readonly queues: QueueRegistry,
    @Inject(outboxConfig.KEY) private readonly cfg: OutboxConfig,
    private readonly metrics: Metrics,
    sql: Sql,
  ) {
    this.marks = new OutboxSentMarks(sql, 'handed-off jobs');
  }

  /** How long after its commit a handed-off job's row becomes the relay's (OUTBOX_HANDOFF_FALLBACK_MS). */
  get fallbackMs(): number {
    return this.cfg.handoffFallbackMs;
  }

  /** Adds the committed jobs to BullMQ and marks their rows sent. Never throws: what it could not add, the relay will. */
  async handOff(jobs: HandedJob<unknown>[]): Promise<void> {
    for (const { rowId, job, payload, priority, trace } of jobs) {
      try {
        const adding = this.queues.get(job.queue).add(job.name, payload, outboxJobOptions(rowId, priority, trace));
        await withTimeout(adding, REDIS_TIMEOUT_MS, `Redis, adding ${job.name}`);
        this.marks.add([rowId]);
        this.metrics.outboxHandedOff.inc({ queue: job.queue, outcome: 'added' });
      } catch (e) {
        this.metrics.outboxHandedOff.inc({ queue: job.queue, outcome: 'failed' });
        this.logger.warn(`could not hand ${job.name} ${rowId} to the queue (the relay will): ${(e as Error).message}`);
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.marks.flush();
  }
}
