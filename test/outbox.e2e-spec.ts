import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { OUTBOX_RELAY_HOOKS, OutboxRelay } from '@kedai/core';
import { NaiveProbeModule, PROBE_TABLE, ProbeModule, ProbeProducer, ProbeProducerModule } from './support/outbox-probe';
import { TcpProxy } from './support/tcp-proxy';
import { eventually, REDIS_URL, redisOptions, TestEnv, type AppOptions } from './support/test-env';

interface Tally {
  rows: number;
  unsent: number;
  missing: number; // committed rows with no effect
  duplicated: number; // rows with more than one effect
  effects: number;
}

describe('transactional outbox', () => {
  let env: TestEnv;
  let producerApp: INestApplicationContext;
  let producer: ProbeProducer;

  beforeAll(async () => {
    env = await TestEnv.create();
    await (await env.sql()).query(PROBE_TABLE);
    producerApp = await env.api({ imports: [ProbeProducerModule] });
    producer = producerApp.get(ProbeProducer);
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    await (await env.sql()).query('truncate outbox, processed_effect, probe_effect');
  });
  afterEach(() => env.stopWorkers());

  async function tally(): Promise<Tally> {
    const { rows } = await (
      await env.sql()
    ).query<{ sent: boolean; effects: number }>(
      `select o.sent_at is not null as sent, count(p.outbox_id)::int as effects
         from outbox o left join probe_effect p on p.outbox_id = o.id group by o.id`,
    );
    return {
      rows: rows.length,
      unsent: rows.filter((r) => !r.sent).length,
      missing: rows.filter((r) => r.effects === 0).length,
      duplicated: rows.filter((r) => r.effects > 1).length,
      effects: rows.reduce((a, r) => a + r.effects, 0),
    };
  }

  const settled = (expected: number) => async () => {
    const t = await tally();
    return t.rows === expected && t.unsent === 0 && t.effects >= expected ? t : null;
  };

  /** Forgets finished jobs, as the retention window eventually does, so a re-relayed row makes a new job. */
  async function forgetCompletedJobs(): Promise<void> {
    const queue = new Queue('system', { connection: redisOptions(), prefix: env.queuePrefix });
    await queue.clean(0, 100_000, 'completed');
    await queue.close();
  }

  /**
   * The crash scenario, parameterised so the suite can show it catches broken designs: rows are
   * committed; a relay adds them to Redis and dies before marking them sent (its transaction is
   * abandoned, as a killed process's would be); the jobs run; the finished jobs are forgotten; a
   * fresh worker relays the same rows again.
   */
  async function crashBetweenEnqueueAndMark(
    count: number,
    consumer: AppOptions['imports'],
    relay?: typeof OutboxRelay,
  ): Promise<Tally> {
    const ids = await producer.produce(count);
    const crashing = await env.worker({
      imports: consumer,
      overrides: [
        { provide: OUTBOX_RELAY_HOOKS, useValue: { afterEnqueue: () => Promise.reject(new Error('simulated crash')) } },
        ...(relay ? [{ provide: OutboxRelay, useClass: relay }] : []),
      ],
    });
    // The jobs it added before dying still run; its rows stay unsent.
    await eventually(async () => (await tally()).effects >= (relay ? 0 : count), 'the first delivery', 10_000);
    await new Promise((r) => setTimeout(r, 300));
    await env.stop(crashing);
    // The crash really happened: nothing was marked sent (for the mark-first relay, everything was).
    expect((await tally()).unsent).toBe(relay ? 0 : count);
    await forgetCompletedJobs();
    const recovered = await env.worker({
      imports: consumer,
      ...(relay ? { overrides: [{ provide: OutboxRelay, useClass: relay }] } : {}),
    });
    await eventually(async () => (await tally()).unsent === 0, 'the re-relay', 15_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500)); // let any duplicate delivery land before counting
    await env.stop(recovered);
    expect(ids).toHaveLength(count);
    return tally();
  }

  it('writes nothing when the business transaction rolls back', async () => {
    await expect(producer.produce(5, 0, { failAfterWrite: true })).rejects.toThrow('failed after writing');
    const worker = await env.worker({ imports: [ProbeModule] });
    await new Promise((r) => setTimeout(r, 300));
    await env.stop(worker);
    expect(await tally()).toEqual({ rows: 0, unsent: 0, missing: 0, duplicated: 0, effects: 0 });
  });

  it('turns every committed row into exactly one effect, with two workers relaying and consuming', async () => {
    await env.workers(2, { imports: [ProbeModule] });
    await Promise.all([producer.produce(150, 0), producer.produce(150, 150)]);
    const t = await eventually(settled(300), 'all rows relayed and handled');
    await env.stopWorkers();
    expect(t).toEqual({ rows: 300, unsent: 0, missing: 0, duplicated: 0, effects: 300 });
  });

  it('survives a relay killed between enqueue and marking the rows sent: exactly one effect each', async () => {
    // Fewer rows than one relay batch: a relay that keeps dying never gets past its first batch.
    const t = await crashBetweenEnqueueAndMark(80, [ProbeModule]);
    expect(t).toEqual({ rows: 80, unsent: 0, missing: 0, duplicated: 0, effects: 80 });
  });

  it('keeps rows while Redis is down, backs off, and delivers each exactly once when it returns', async () => {
    const proxy = new TcpProxy('127.0.0.1', Number(new URL(REDIS_URL).port || 6379));
    await proxy.start();
    const worker = await env.worker({ imports: [ProbeModule], env: { REDIS_URL: proxy.url } });
    await proxy.cut();
    await producer.produce(80);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await tally()).toMatchObject({ rows: 80, unsent: 80, effects: 0 });
    await proxy.restore();
    const t = await eventually(settled(80), 'delivery after Redis came back', 30_000);
    await env.stop(worker);
    await proxy.cut();
    expect(t).toEqual({ rows: 80, unsent: 0, missing: 0, duplicated: 0, effects: 80 });
  });

  it('lets several relays work side by side without double effects', async () => {
    const workers = await Promise.all([1, 2, 3].map(() => env.worker({ imports: [ProbeModule] })));
    await Promise.all(Array.from({ length: 10 }, (_, i) => producer.produce(40, i * 40)));
    const t = await eventually(settled(400), 'three relays draining 400 rows');
    for (const w of workers) await env.stop(w);
    expect(t).toEqual({ rows: 400, unsent: 0, missing: 0, duplicated: 0, effects: 400 });
  });

  it('holds a delayed job in PostgreSQL until it is due', async () => {
    const worker = await env.worker({ imports: [ProbeModule] });
    const start = Date.now();
    await producer.produce(1, 0, { delayMs: 1_200 });
    await new Promise((r) => setTimeout(r, 600));
    expect(await tally()).toMatchObject({ rows: 1, unsent: 1, effects: 0 });
    await eventually(settled(1), 'the delayed job');
    expect(Date.now() - start).toBeGreaterThanOrEqual(1_100);
    await env.stop(worker);
  });

  it('finishes the jobs in flight before the worker stops (graceful shutdown)', async () => {
    const worker = await env.worker({ imports: [ProbeModule] });
    await producer.produce(3, 0, { slowMs: 700 });
    const queue = new Queue('system', { connection: redisOptions(), prefix: env.queuePrefix });
    await eventually(async () => (await queue.getActiveCount()) === 3, 'the three jobs running');
    await queue.close();
    expect((await tally()).effects).toBe(0); // still mid-flight when the stop begins
    await env.stop(worker);
    expect(await tally()).toMatchObject({ rows: 3, effects: 3, duplicated: 0 });
  });

  describe('the checks can fail', () => {
    it('catch double processing by a consumer that does not use Effects.once', async () => {
      const t = await crashBetweenEnqueueAndMark(30, [NaiveProbeModule]);
      expect(t.duplicated).toBeGreaterThan(0);
    });

    it('catch lost rows when a relay marks rows sent before it enqueues them', async () => {
      /** The classic mistake: mark first, then enqueue, and die in between. */
      @Injectable()
      class MarkFirstRelay extends OutboxRelay {
        override async relayBatch(): Promise<number> {
          const ids = await this.orm.em.fork().transactional(async (tx) => {
            const rows = await tx.execute<{ id: string }[]>(
              'update outbox set sent_at = now() where id in (select id from outbox where sent_at is null limit 100 for update skip locked) returning id',
            );
            return rows.map((r) => r.id);
          });
          if (ids.length) throw new Error('simulated crash after marking, before enqueueing');
          return 0;
        }
      }
      const t = await crashBetweenEnqueueAndMark(20, [ProbeModule], MarkFirstRelay);
      expect(t.missing).toBe(20);
    });
  });
});
