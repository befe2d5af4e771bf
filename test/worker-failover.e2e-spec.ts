import { ChildApp } from './support/child-app';
import { PROBE_START_TABLE, PROBE_TABLE } from './support/outbox-probe';
import { eventually, TestEnv } from './support/test-env';

/**
 * Issue 13, item 5: the jobs a worker holds when it dies (SIGKILL, as a crashed container) are
 * taken over by another worker within a few seconds (WORKER_LOCK_MS + WORKER_STALLED_CHECK_MS),
 * not after BullMQ's default 30 s lock and 30 s stalled check, and each still has one effect.
 * Both workers are real worker processes; the jobs are the outbox tests' probe consumer, slow
 * on their first start only, so the dead worker was certainly holding them.
 */
describe('worker failover: a killed worker’s jobs resume on another worker within seconds', () => {
  let env: TestEnv;
  const children: ChildApp[] = [];
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  beforeAll(async () => {
    env = await TestEnv.create();
    await sql(PROBE_TABLE);
    await sql(PROBE_START_TABLE);
  });
  afterAll(async () => {
    for (const c of children) await c.kill();
    await env.close();
  });

  it('SIGKILL a worker holding 6 jobs: another worker finishes them, one effect each', async () => {
    const jobs = 6;
    const doomed = await ChildApp.start('probe-worker');
    children.push(doomed);
    await sql(
      `insert into outbox (id, queue, name, payload)
       select gen_random_uuid(), 'system', 'test.probe', jsonb_build_object('n', i, 'slowFirstMs', 600000)
         from generate_series(1, $1::int) i`,
      [jobs],
    );
    // Every job has started on the doomed worker (and would sleep there for ten minutes).
    await eventually(async () => (await sql('select count(*)::int n from probe_start'))[0].n === jobs, 'the jobs to start');
    const survivor = await ChildApp.start('probe-worker');
    children.push(survivor);
    expect((await sql('select count(*)::int n from probe_effect'))[0].n).toBe(0);

    const killedAt = Date.now();
    await doomed.kill();
    await eventually(
      async () => (await sql('select count(*)::int n from probe_effect'))[0].n === jobs,
      'the survivor to finish the jobs',
      60_000,
      100,
    );
    const seconds = (Date.now() - killedAt) / 1000;
    // One effect per job: nothing lost, nothing twice.
    const rows = await sql('select n, count(*)::int c from probe_effect group by n order by n');
    expect(rows).toEqual(Array.from({ length: jobs }, (_, i) => ({ n: i + 1, c: 1 })));
    // Not a timing assertion on the figure: BullMQ's defaults (30 s lock, 30 s check) could never
    // come in under 30 s, the tuned settings take about 6 s. The figure itself is printed.
    expect(seconds).toBeLessThan(30);
    process.stdout.write(
      `${JSON.stringify({ scenario: 'worker-failover', figure: 'killed_worker_jobs_done_after', value: seconds, unit: 's' })}\n`,
    );
  }, 240_000);
});
