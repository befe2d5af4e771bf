import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Module, type INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import {
  defineEvent,
  Effects,
  OnEvent,
  OUTBOX_RELAY_HOOKS,
  OutboxService,
  subscriptionsOf,
  type JobInfo,
  type RequestContext,
} from '@kedai/core';
import { eventually, redisOptions, TestEnv } from './support/test-env';

/*
 * The event fan-out: one outbox row, one job per subscriber, each subscriber's effect exactly
 * once, a failing subscriber retried alone. Effects are rows of `event_effect` (no unique key, so a
 * duplicate would show as a second row), made through Effects.once as every real subscriber must.
 */
const Happened = defineEvent<{ n: number }>('test.events.happened', { subscriberQueue: 'system' });
const Unheard = defineEvent<{ n: number }>('test.events.unheard');

const TABLE = `create table if not exists event_effect (subscriber text not null, n int not null, job_id text not null)`;

@Injectable()
class Subscribers {
  /** Attempts per subscriber and n, to show a retry re-ran only the failing subscriber. */
  static runs = new Map<string, number>();
  static failFirstTime = false;

  constructor(private readonly effects: Effects) {}

  private async effect(subscriber: string, n: number, job: JobInfo): Promise<void> {
    const k = `${subscriber}:${n}`;
    Subscribers.runs.set(k, (Subscribers.runs.get(k) ?? 0) + 1);
    await this.effects.once(`event-test:${job.id}`, (em) =>
      em.execute('insert into event_effect (subscriber, n, job_id) values (?, ?, ?)', [subscriber, n, job.id]),
    );
  }

  @OnEvent(Happened, 'first')
  async first(_ctx: RequestContext, { n }: { n: number }, job: JobInfo): Promise<void> {
    await this.effect('first', n, job);
  }

  @OnEvent(Happened, 'second', { queue: 'events-test' })
  async second(_ctx: RequestContext, { n }: { n: number }, job: JobInfo): Promise<void> {
    await this.effect('second', n, job);
  }

  @OnEvent(Happened, 'flaky')
  async flaky(_ctx: RequestContext, { n }: { n: number }, job: JobInfo): Promise<void> {
    if (Subscribers.failFirstTime && job.attempt === 1) throw new Error('flaky subscriber fails its first attempt');
    await this.effect('flaky', n, job);
  }
}

@Module({ providers: [Subscribers] })
class SubscribersModule {}

@Injectable()
class Publisher {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
  ) {}

  async publish(count: number, event = Happened): Promise<void> {
    await this.em.fork().transactional(async (tx) => {
      for (let n = 0; n < count; n++) this.outbox.publish(tx, event, { n });
      await tx.flush();
    });
  }
}

@Module({ providers: [Publisher] })
class PublisherModule {}

describe('events: one outbox row, every subscriber once', () => {
  let env: TestEnv;
  let publisher: Publisher;

  beforeAll(async () => {
    env = await TestEnv.create();
    await (await env.sql()).query(TABLE);
    publisher = (await env.api({ imports: [PublisherModule] })).get(Publisher);
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    await (await env.sql()).query('truncate outbox, processed_effect, event_effect');
    Subscribers.runs.clear();
    Subscribers.failFirstTime = false;
  });
  afterEach(() => env.stopWorkers());

  async function effects(): Promise<{ subscriber: string; n: number; count: number }[]> {
    const { rows } = await (
      await env.sql()
    ).query<{ subscriber: string; n: number; count: number }>(
      'select subscriber, n, count(*)::int as count from event_effect group by subscriber, n order by subscriber, n',
    );
    return rows;
  }

  const everyoneOnce = (count: number) =>
    ['first', 'flaky', 'second'].flatMap((subscriber) => Array.from({ length: count }, (_, n) => ({ subscriber, n, count: 1 })));

  it('declares each subscriber as a job of its own', () => {
    expect(subscriptionsOf(Happened.name).map((s) => [s.subscriber, s.job.queue, s.job.name])).toEqual([
      ['first', 'system', 'test.events.happened>first'],
      ['second', 'events-test', 'test.events.happened>second'],
      ['flaky', 'system', 'test.events.happened>flaky'],
    ]);
    expect(() => OnEvent(Happened, 'Not A Name')).toThrow('use a-z');
  });

  it('delivers each event to every subscriber, on the subscriber’s queue, once', async () => {
    await env.workers(2, { imports: [SubscribersModule] });
    await publisher.publish(20);
    await eventually(async () => (await effects()).length === 60, 'all three subscribers', 20_000);
    expect(await effects()).toEqual(everyoneOnce(20));
    const queue = new Queue('events-test', { connection: redisOptions(), prefix: env.queuePrefix });
    expect((await queue.getCompleted()).map((j) => j.name)).toContain('test.events.happened>second');
    await queue.close();
  });

  it('retries a failing subscriber alone', async () => {
    Subscribers.failFirstTime = true;
    await env.workers(2, { imports: [SubscribersModule] });
    await publisher.publish(3);
    await eventually(async () => (await effects()).length === 9, 'the flaky subscriber after its retry', 20_000);
    expect(await effects()).toEqual(everyoneOnce(3));
    for (let n = 0; n < 3; n++) {
      expect(Subscribers.runs.get(`first:${n}`)).toBe(1);
      expect(Subscribers.runs.get(`flaky:${n}`)).toBe(1); // the failing attempt threw before counting
    }
  });

  it('marks an event nobody subscribes to sent and adds no job', async () => {
    await env.worker({ imports: [SubscribersModule] });
    await publisher.publish(2, Unheard);
    await eventually(
      async () => (await (await env.sql()).query('select 1 from outbox where sent_at is null')).rowCount === 0,
      'the rows marked sent',
    );
    expect(await effects()).toEqual([]);
  });

  it('survives a relay killed between adding the jobs and marking the row: each subscriber still once', async () => {
    const crashing: INestApplicationContext = await env.worker({
      imports: [SubscribersModule],
      overrides: [
        { provide: OUTBOX_RELAY_HOOKS, useValue: { afterEnqueue: () => Promise.reject(new Error('simulated crash')) } },
      ],
    });
    await publisher.publish(10);
    await eventually(async () => (await effects()).length === 30, 'the first delivery', 20_000);
    await env.stop(crashing);
    expect((await (await env.sql()).query('select 1 from outbox where sent_at is null')).rowCount).toBe(10);
    // The finished jobs are forgotten (as retention eventually does), so the re-relay makes new jobs.
    for (const name of ['system', 'events-test']) {
      const queue = new Queue(name, { connection: redisOptions(), prefix: env.queuePrefix });
      await queue.clean(0, 100_000, 'completed');
      await queue.close();
    }
    await env.worker({ imports: [SubscribersModule] });
    await eventually(
      async () => (await (await env.sql()).query('select 1 from outbox where sent_at is null')).rowCount === 0,
      'the re-relay',
      20_000,
    );
    await new Promise((r) => setTimeout(r, 500)); // let any duplicate land before counting
    expect(await effects()).toEqual(everyoneOnce(10));
  });

  it('hands on a job relayed under an event’s name before it became an event', async () => {
    await env.worker({ imports: [SubscribersModule] });
    const queue = new Queue('system', { connection: redisOptions(), prefix: env.queuePrefix });
    await queue.add(Happened.name, { n: 7 }, { jobId: 'legacy-1' });
    await queue.close();
    await eventually(async () => (await effects()).length === 3, 'the subscribers', 20_000);
    expect((await effects()).map((e) => [e.subscriber, e.n, e.count])).toEqual([
      ['first', 7, 1],
      ['flaky', 7, 1],
      ['second', 7, 1],
    ]);
  });
});
