import { Injectable, Module, type INestApplication, type INestApplicationContext } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import request from 'supertest';
import { defineJob, OnJob, OutboxRelay } from '@kedai/core';
import { WorkerHttp } from '../apps/worker/src/worker-http';
import { signIn, type SignedIn } from './support/auth';
import { ok } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { collect, listen, socketClient } from './support/sockets';
import { eventually, gql, TestEnv } from './support/test-env';
import { addCard, merchant, shopper } from './payments-helpers';

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`;
const ADD = `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { orderable } }`;
const SEND = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id conversationId } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { status hold } }`;
const PAY = `mutation($o: ID!, $k: String!) { payOrder(orderId: $o, idempotencyKey: $k) { state } }`;
const HANDLER = `mutation($c: ID!, $agent: Boolean!) { setConversationHandler(conversationId: $c, agent: $agent) { handler } }`;
const EVENTS = `subscription($c: ID!) { conversationEvents(conversationId: $c) { type } }`;

/** A job that always fails, so the worker's failure counter has something to count. */
const alwaysFails = defineJob<Record<string, never>>('metrics-probe', 'metrics-probe.fail');

@Injectable()
class FailingHandler {
  @OnJob(alwaysFails)
  fail(): Promise<void> {
    return Promise.reject(new UnrecoverableError('fails on purpose'));
  }
}

@Module({ providers: [FailingHandler] })
class FailingModule {}

/** Reads one sample from Prometheus text: `name{labels} value`, labels matched as a subset. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return undefined;
}

/**
 * Prometheus metrics at /metrics on the API and on the worker's own port: the figures move with
 * real operations (GraphQL, the order bot's jobs, the outbox, payments, handoffs, sockets).
 */
describe('metrics', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let owner: SignedIn;
  let shop: string;
  let variant: string;
  let wsUrl: string;
  let n = 0;
  const key = () => `metrics-${process.pid}-${(n += 1)}`;
  const apiMetrics = async () => (await request(api.getHttpServer()).get('/metrics').expect(200)).text;
  const workerUrl = () => `http://127.0.0.1:${worker.get(WorkerHttp).port}`;
  const workerMetrics = async () => {
    const res = await fetch(`${workerUrl()}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const settled = (who: SignedIn, id: string, status: string) =>
    eventually(async () => {
      const o = (await ok(api, who.auth, ORDER, { o: id })).order;
      return o.status === status && !o.hold ? o : null;
    }, `order ${id} to be ${status}`);

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } });
    wsUrl = await listen(api);
    worker = await env.worker({ imports: [FailingModule] });
    ({ owner, businessId: shop } = await merchant(env, api));
    const photo = await uploadPhoto(api, owner.auth, shop);
    const created = await ok(api, owner.auth, CREATE_PRODUCT, {
      b: shop,
      input: { retailerId: 'KOPI', name: 'Kopi', price: '1000', currency: 'MYR', stock: 50, photos: [photo] },
    });
    variant = created.createProduct.variants[0].id;
  });
  afterAll(() => env.close());

  it('counts and times GraphQL operations by top-level field, and errors by code', async () => {
    const before = await apiMetrics();
    const count = (t: string) => sample(t, 'kedai_graphql_requests_total', { operation: 'me', type: 'query' }) ?? 0;
    const invalid = (t: string) =>
      sample(t, 'kedai_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', transport: 'graphql' }) ?? 0;
    const unauth = (t: string) => sample(t, 'kedai_errors_total', { code: 'UNAUTHENTICATED', transport: 'graphql' }) ?? 0;
    await ok(api, owner.auth, '{ me { id } }');
    await ok(api, owner.auth, 'query Named { me { id } }');
    await gql(api, '{ noSuchField }');
    await gql(api, '{ me { id } }');
    const after = await apiMetrics();
    expect(count(after) - count(before)).toBe(3);
    expect(invalid(after) - invalid(before)).toBe(1);
    expect(unauth(after) - unauth(before)).toBe(1);
    expect(sample(after, 'kedai_graphql_request_duration_seconds_count', { operation: 'me', type: 'query' })).toBe(count(after));
    // The process's own figures come along (prom-client's defaults).
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts an order through the bot and the outbox on the worker, and its payment by outcome on the API', async () => {
    const apiBefore = await apiMetrics();
    const workerBefore = await workerMetrics();
    const s = await shopper(env, api);
    await addCard(api, s, '4242424242424242');
    await ok(api, s.auth, ADD, { v: variant, q: 1 });
    const placed = (await ok(api, s.auth, SEND, { b: shop, k: key() })).sendOrder;
    await settled(s, placed.id, 'AWAITING_PAYMENT');
    expect((await ok(api, s.auth, PAY, { o: placed.id, k: key() })).payOrder.state).toBe('SUCCEEDED');
    await settled(s, placed.id, 'PAID');

    // A declined card: the payment fails, and that is counted too.
    const d = await shopper(env, api);
    await addCard(api, d, '4000000000000002');
    await ok(api, d.auth, ADD, { v: variant, q: 1 });
    const declined = (await ok(api, d.auth, SEND, { b: shop, k: key() })).sendOrder;
    await settled(d, declined.id, 'AWAITING_PAYMENT');
    expect((await ok(api, d.auth, PAY, { o: declined.id, k: key() })).payOrder.state).toBe('REQUIRES_PAYMENT_METHOD');

    const apiAfter = await apiMetrics();
    const paid = (t: string, outcome: string) => sample(t, 'kedai_payments_total', { outcome }) ?? 0;
    expect(paid(apiAfter, 'succeeded') - paid(apiBefore, 'succeeded')).toBe(1);
    expect(paid(apiAfter, 'failed') - paid(apiBefore, 'failed')).toBe(1);
    expect(sample(apiAfter, 'kedai_graphql_requests_total', { operation: 'sendOrder', type: 'mutation' })).toBe(2);

    const workerAfter = await eventually(async () => {
      const t = await workerMetrics();
      return (sample(t, 'kedai_jobs_total', {
        queue: 'payments',
        job: 'payments.intent-succeeded>checkout',
        outcome: 'completed',
      }) ?? 0) >= 1
        ? t
        : null;
    }, 'the payment event job to be counted');
    const done = (t: string) =>
      sample(t, 'kedai_jobs_total', { queue: 'orders', job: 'orders.process', outcome: 'completed' }) ?? 0;
    expect(done(workerAfter) - done(workerBefore)).toBeGreaterThanOrEqual(2);
    expect(
      sample(workerAfter, 'kedai_job_duration_seconds_count', { queue: 'orders', job: 'orders.process' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sample(workerAfter, 'kedai_job_wait_seconds_count', { queue: 'orders' })).toBeGreaterThanOrEqual(2);
    // The API hands the bot its order jobs itself (OutboxHandoff); the relay only moves what it could not.
    const handed = (t: string) => sample(t, 'kedai_outbox_handed_off_total', { queue: 'orders', outcome: 'added' }) ?? 0;
    expect(handed(apiAfter) - handed(apiBefore)).toBeGreaterThanOrEqual(2);
    const relayed = (t: string) => sample(t, 'kedai_outbox_relayed_total', { queue: '@event' }) ?? 0;
    expect(relayed(workerAfter) - relayed(workerBefore)).toBeGreaterThanOrEqual(1);
    // Read at scrape time: the queues' depth and the outbox's lag exist, and nothing is stuck.
    expect(sample(workerAfter, 'kedai_queue_jobs', { queue: 'orders', state: 'waiting' })).toBeDefined();
    expect(sample(workerAfter, 'kedai_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(workerAfter, 'kedai_metrics_probe_errors_total')).toBe(0);
  });

  it('shows the outbox backlog and its age, queue depth by state, and failed jobs per queue', async () => {
    // A relay that moves nothing: rows due 30 s ago wait, and the worker's probe sees them.
    @Injectable()
    class IdleRelay extends OutboxRelay {
      override relayBatch(): Promise<number> {
        return Promise.resolve(0);
      }
    }
    await env.stopWorkers();
    worker = await env.worker({ imports: [FailingModule], overrides: [{ provide: OutboxRelay, useClass: IdleRelay }] });
    await (
      await env.sql()
    ).query(
      `insert into outbox (id, queue, name, payload, created_at, available_at)
       select gen_random_uuid(), 'metrics-probe', 'metrics-probe.fail', '{}', now(), now() - interval '30 seconds'
         from generate_series(1, 3)`,
    );
    const stuck = await workerMetrics();
    expect(sample(stuck, 'kedai_outbox_pending')).toBeGreaterThanOrEqual(3);
    expect(sample(stuck, 'kedai_outbox_lag_seconds')).toBeGreaterThanOrEqual(30);

    // The real relay moves them; each job fails for good, and the queue's failed set holds three.
    await env.stopWorkers();
    worker = await env.worker({ imports: [FailingModule] });
    const text = await eventually(
      async () => {
        const t = await workerMetrics();
        const failed =
          sample(t, 'kedai_jobs_total', { queue: 'metrics-probe', job: 'metrics-probe.fail', outcome: 'failed' }) ?? 0;
        // BullMQ moves a job to its failed set just after the handler's failure is counted.
        const inFailedSet = sample(t, 'kedai_queue_jobs', { queue: 'metrics-probe', state: 'failed' });
        return failed === 3 && inFailedSet === 3 && sample(t, 'kedai_outbox_pending') === 0 ? t : null;
      },
      'three failed jobs and an empty outbox',
      45_000,
    );
    expect(sample(text, 'kedai_queue_jobs', { queue: 'metrics-probe', state: 'waiting' })).toBe(0);
    expect(sample(text, 'kedai_outbox_lag_seconds')).toBe(0);
  });

  it('counts handoffs between bot and agent, and open subscriptions', async () => {
    const s = await signIn(env, api);
    const conversation = (
      await ok(api, s.auth, `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`, { b: shop })
    ).startBusinessConversation.id as string;
    const handoffs = async () => sample(await apiMetrics(), 'kedai_bot_handoffs_total', { to: 'agent' }) ?? 0;
    const before = await handoffs();
    await ok(api, owner.auth, HANDLER, { c: conversation, agent: true });
    await ok(api, owner.auth, HANDLER, { c: conversation, agent: true }); // already with an agent: no handoff
    expect((await handoffs()) - before).toBe(1);
    await ok(api, owner.auth, HANDLER, { c: conversation, agent: false });
    expect(sample(await apiMetrics(), 'kedai_bot_handoffs_total', { to: 'bot' })).toBe(1);

    const open = async () => sample(await apiMetrics(), 'kedai_graphql_subscriptions_open') ?? 0;
    expect(await open()).toBe(0);
    const client = socketClient(wsUrl, s.auth.authorization);
    const events = collect(client, EVENTS, { c: conversation }, (d) => d.conversationEvents);
    try {
      await eventually(async () => (await open()) === 1, 'the subscription to be counted');
      expect(sample(await apiMetrics(), 'kedai_graphql_sockets_open')).toBe(1);
    } finally {
      events.stop();
      await client.dispose();
    }
    await eventually(async () => (await open()) === 0, 'the subscription to be counted down');
    await eventually(async () => sample(await apiMetrics(), 'kedai_graphql_sockets_open') === 0, 'the socket to be counted down');
  });

  it('serves the worker health probes, and closes /metrics behind METRICS_TOKEN when set', async () => {
    expect((await fetch(`${workerUrl()}/health/live`)).status).toBe(200);
    const ready = await fetch(`${workerUrl()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok' });
    const guarded = await env.api({ env: { METRICS_TOKEN: 'scrape-secret-0123456789' } });
    await request(guarded.getHttpServer()).get('/metrics').expect(401);
    await request(guarded.getHttpServer()).get('/metrics').set('authorization', 'Bearer wrong').expect(401);
    const res = await request(guarded.getHttpServer()).get('/metrics').set('authorization', 'Bearer scrape-secret-0123456789');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
  });
});
