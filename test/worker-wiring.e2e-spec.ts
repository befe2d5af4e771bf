import { Injectable, Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { defineJob, JobWiringError, OnJob, type RequestContext } from '@kedai/core';
import { eventually, redisOptions, TestEnv } from './support/test-env';

/*
 * defineJob registers into a module-level registry that lives as long as this file's module
 * registry: a job declared here stays declared for every later worker in the file. So the job
 * that is left without a handler is declared inside the last test, and nothing starts after it.
 */
const WiredJob = defineJob<{ n: number }>('system', 'test.wiring.wired');

@Injectable()
class FirstHandler {
  @OnJob(WiredJob)
  async handle(_ctx: RequestContext, _payload: { n: number }): Promise<void> {}
}

@Injectable()
class SecondHandler {
  @OnJob(WiredJob)
  async handle(_ctx: RequestContext, _payload: { n: number }): Promise<void> {}
}

@Module({ providers: [FirstHandler] })
class FirstHandlerModule {}

@Module({ providers: [SecondHandler] })
class SecondHandlerModule {}

describe('worker job wiring', () => {
  let env: TestEnv;

  beforeAll(async () => {
    env = await TestEnv.create();
  });
  afterEach(() => env.stopWorkers());
  afterAll(() => env.close());

  /** A committed outbox row for WiredJob, as a domain service would leave it. */
  async function pendingRow(): Promise<string> {
    const { rows } = await (
      await env.sql()
    ).query<{ id: string }>(
      `insert into outbox (id, queue, name, payload) values (gen_random_uuid(), 'system', $1, '{"n": 1}') returning id`,
      [WiredJob.name],
    );
    return rows[0].id;
  }

  /** Whether a refused worker nevertheless relayed the row: it would be marked sent and be in Redis. */
  async function relayed(id: string): Promise<{ sent: boolean; inRedis: boolean }> {
    const { rows } = await (
      await env.sql()
    ).query<{ sent: boolean }>('select sent_at is not null as sent from outbox where id = $1', [id]);
    const queue = new Queue('system', { connection: redisOptions(), prefix: env.queuePrefix });
    try {
      return { sent: rows[0].sent, inRedis: (await queue.getJob(id)) !== undefined };
    } finally {
      await queue.close();
    }
  }

  it('starts when every declared job has exactly one handler, and relays (the control)', async () => {
    const id = await pendingRow();
    const worker = await env.worker({ imports: [FirstHandlerModule] });
    await eventually(async () => (await relayed(id)).sent, 'the row to be relayed');
    await env.stop(worker);
    // Both halves of the probe see a relayed row (the finished job is kept for a day).
    expect(await relayed(id)).toEqual({ sent: true, inRedis: true });
  });

  it('refuses to start when a job has two handlers, naming the job and both handlers, and relays nothing', async () => {
    const id = await pendingRow();
    const start = env.worker({ imports: [FirstHandlerModule, SecondHandlerModule] });
    await expect(start).rejects.toThrow(JobWiringError);
    await expect(start).rejects.toThrow(
      /job system\/test\.wiring\.wired has two handlers: (FirstHandler\.handle and SecondHandler\.handle|SecondHandler\.handle and FirstHandler\.handle)/,
    );
    // Give a relay that did start (at a 50 ms poll) every chance to move the row.
    await new Promise((r) => setTimeout(r, 500));
    expect(await relayed(id)).toEqual({ sent: false, inRedis: false });
    await (await env.sql()).query('delete from outbox where id = $1', [id]);
  });

  it('refuses to start when a declared job has no handler, naming the job, and relays nothing', async () => {
    const id = await pendingRow();
    // Declared here, not at the top of the file: see the note above. Must stay the last test.
    const OrphanJob = defineJob<{ n: number }>('system', 'test.wiring.orphan');
    const start = env.worker({ imports: [FirstHandlerModule] });
    await expect(start).rejects.toThrow(JobWiringError);
    await expect(start).rejects.toThrow(`job system/${OrphanJob.name} has no handler`);
    await expect(start).rejects.not.toThrow(/test\.wiring\.wired/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await relayed(id)).toEqual({ sent: false, inRedis: false });
  });
});
