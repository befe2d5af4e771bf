import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Module } from '@nestjs/common';
import { defineJob, Effects, OnJob, OutboxService, type JobInfo, type RequestContext } from '@kedai/core';

/**
 * A consumer for the outbox tests. Its effect is a row in `probe_effect` — a table with no
 * unique key, so a duplicate effect would show up as a second row — made through Effects.once,
 * as every real consumer must. `PROBE_SLOW_MS` lets a test catch a job mid-flight.
 */
export const ProbeJob = defineJob<{ n: number; slowMs?: number; slowFirstMs?: number }>('system', 'test.probe');

export const PROBE_TABLE = `create table if not exists probe_effect (outbox_id uuid not null, n int not null, at timestamptz not null default now())`;
/** Each job's first start (for `slowFirstMs`): a job taken over from a dead worker starts a second time. */
export const PROBE_START_TABLE = `create table if not exists probe_start (outbox_id uuid primary key, at timestamptz not null default now())`;

@Injectable()
export class ProbeHandler {
  constructor(
    private readonly effects: Effects,
    private readonly em: EntityManager,
  ) {}

  @OnJob(ProbeJob)
  async handle(_ctx: RequestContext, payload: { n: number; slowMs?: number; slowFirstMs?: number }, job: JobInfo): Promise<void> {
    if (payload.slowMs) await new Promise((r) => setTimeout(r, payload.slowMs));
    if (payload.slowFirstMs) {
      // Slow only the first time the job starts, so a test can kill the worker holding it and time the takeover.
      const first = await this.em
        .fork()
        .execute('insert into probe_start (outbox_id) values (?) on conflict do nothing returning outbox_id', [job.id]);
      if (first.length > 0) await new Promise((r) => setTimeout(r, payload.slowFirstMs));
    }
    await this.effects.once(`probe:${job.id}`, (em) =>
      em.execute('insert into probe_effect (outbox_id, n) values (?, ?)', [job.id, payload.n]),
    );
  }
}

/** The same consumer without Effects.once: what the tests must catch as double processing. */
@Injectable()
export class NaiveProbeHandler {
  constructor(private readonly em: EntityManager) {}

  @OnJob(ProbeJob)
  async handle(_ctx: RequestContext, payload: { n: number }, job: JobInfo): Promise<void> {
    await this.em.execute('insert into probe_effect (outbox_id, n) values (?, ?)', [job.id, payload.n]);
  }
}

@Module({ providers: [ProbeHandler] })
export class ProbeModule {}

@Module({ providers: [NaiveProbeHandler] })
export class NaiveProbeModule {}

/** What a domain service does: its own change and its outbox rows in one transaction. */
@Injectable()
export class ProbeProducer {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
  ) {}

  async produce(
    count: number,
    from = 0,
    options: { slowMs?: number; failAfterWrite?: boolean; delayMs?: number } = {},
  ): Promise<string[]> {
    return this.em.fork().transactional(async (tx) => {
      const ids = Array.from(
        { length: count },
        (_, i) =>
          this.outbox.enqueue(
            tx,
            ProbeJob,
            { n: from + i, ...(options.slowMs ? { slowMs: options.slowMs } : {}) },
            { delayMs: options.delayMs },
          ).id,
      );
      await tx.flush();
      if (options.failAfterWrite) throw new Error('the business change failed after writing its outbox rows');
      return ids;
    });
  }
}

@Module({ providers: [ProbeProducer] })
export class ProbeProducerModule {}
