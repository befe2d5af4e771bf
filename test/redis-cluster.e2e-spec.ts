import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Cluster } from 'ioredis';
import { signIn, uniqueIp } from './support/auth';
import { ok } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { collect, listen, socketClient } from './support/sockets';
import { eventually, gql, TestEnv } from './support/test-env';
import { merchant, shopper } from './payments-helpers';

const START_DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const SEND_TEXT = `mutation($c: ID!, $id: String!, $body: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $body } }) { seq } }`;
const EVENTS = `subscription($c: ID!) { conversationEvents(conversationId: $c) { type message { seq content { ... on TextContent { body } } } } }`;
const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`;
const ADD = `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { orderable } }`;
const SEND_ORDER = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { status hold } }`;

/** Three masters on local ports, slots split by redis-cli; gone when the file ends. */
class LocalCluster {
  private readonly servers: ChildProcess[] = [];
  private readonly dir = mkdtempSync(join(tmpdir(), 'kedai-cluster-'));
  readonly ports: number[];

  constructor() {
    const base = 17_000 + (process.pid % 500) * 6;
    this.ports = [base, base + 1, base + 2];
  }

  get nodes(): string {
    return this.ports.map((p) => `127.0.0.1:${p}`).join(',');
  }

  async start(): Promise<void> {
    for (const port of this.ports) {
      // Bounded like the app's own Redis: never evict; no persistence needed for a test.
      const server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '2000',
          '--dir',
          this.dir,
          '--save',
          '',
          '--appendonly',
          'no',
          '--maxmemory-policy',
          'noeviction',
        ],
        { stdio: 'ignore' },
      );
      this.servers.push(server);
    }
    for (const port of this.ports) {
      await eventually(
        async () => spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG',
        `redis on ${port}`,
        10_000,
      );
    }
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...this.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of this.ports) {
      await eventually(
        async () =>
          /cluster_state:ok/.test(spawnSync('redis-cli', ['-p', String(port), 'cluster', 'info'], { encoding: 'utf8' }).stdout),
        `the cluster seen as ok from ${port}`,
        20_000,
      );
    }
  }

  stop(): void {
    for (const s of this.servers) s.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The chat, checkout and outbox flows on a real Redis Cluster (REDIS_CLUSTER_NODES): two API and
 * two worker processes' worth of apps, BullMQ queues under the hash-tagged prefix, pub/sub fan-out
 * between the APIs, rate limits counted in the cluster.
 */
describe('on a Redis Cluster', () => {
  const cluster = new LocalCluster();
  let env: TestEnv;
  let one: INestApplication;
  let two: INestApplication;

  beforeAll(async () => {
    await cluster.start();
    env = await TestEnv.create();
    const options = {
      env: { REDIS_CLUSTER_NODES: cluster.nodes, RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' },
    };
    one = await env.api(options);
    two = await env.api(options);
    await env.worker(options);
    await env.worker(options);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    cluster.stop();
  });

  it('fans a chat message out from one API process to a subscriber on the other', async () => {
    const url = await listen(two);
    const [alice, bob] = [await signIn(env, one), await signIn(env, one)];
    const chat = (await ok(one, alice.auth, START_DIRECT, { p: bob.personId })).startDirectConversation.id as string;
    const client = socketClient(url, bob.auth.authorization);
    const events = collect(
      client,
      EVENTS,
      { c: chat },
      (d) => d.conversationEvents as { type: string; message?: { content?: { body: string } } },
    );
    try {
      let n = 0;
      // Sent until one arrives: the subscription is live from the first event it hears.
      await eventually(async () => {
        await ok(one, alice.auth, SEND_TEXT, { c: chat, id: `cluster-${(n += 1)}`, body: `hello ${n}` });
        return events.items.some((e) => e.type === 'MESSAGE');
      }, 'a message across the cluster');
      expect(events.errors).toEqual([]);
    } finally {
      events.stop();
      await client.dispose();
    }
  });

  it('takes an order through the outbox, BullMQ on the cluster and the order bot', async () => {
    const { owner, businessId } = await merchant(env, one);
    const photo = await uploadPhoto(one, owner.auth, businessId);
    const created = await ok(one, owner.auth, CREATE_PRODUCT, {
      b: businessId,
      input: { retailerId: 'KOPI', name: 'Kopi', price: '1000', currency: 'MYR', stock: 5, photos: [photo] },
    });
    const s = await shopper(env, two);
    await ok(two, s.auth, ADD, { v: created.createProduct.variants[0].id, q: 1 });
    const order = (await ok(two, s.auth, SEND_ORDER, { b: businessId, k: `cluster-order-${process.pid}` })).sendOrder
      .id as string;
    await eventually(async () => {
      const o = (await ok(one, s.auth, ORDER, { o: order })).order;
      return o.status === 'AWAITING_PAYMENT' && !o.hold;
    }, 'the order bot on the cluster');
    // Everything the order wrote to the outbox reaches the queues (rows due later stay, as they should).
    const sql = await env.sql();
    await eventually(async () => {
      const { rows } = await sql.query<{ n: number }>(
        'select count(*)::int as n from outbox where sent_at is null and available_at <= now()',
      );
      return rows[0].n === 0;
    }, 'the relay to empty the outbox');

    // The queue's keys live in the cluster, all in the slot of the prefix's hash tag.
    const client = new Cluster(cluster.ports.map((port) => ({ host: '127.0.0.1', port })));
    try {
      await new Promise((resolve) => client.once('ready', resolve));
      const keys: string[] = [];
      for (const node of client.nodes('master')) keys.push(...(await node.keys(`${env.queuePrefix}:orders:*`)));
      expect(keys.length).toBeGreaterThan(0);
      const slots = new Set(await Promise.all(keys.map((k) => client.cluster('KEYSLOT', k))));
      expect(slots.size).toBe(1);
    } finally {
      client.disconnect();
    }
  });

  it('counts rate limits in the cluster, across API processes', async () => {
    const limited = await env.api({ env: { REDIS_CLUSTER_NODES: cluster.nodes, RATE_LIMIT_PER_IP: '4' } });
    const other = await env.api({ env: { REDIS_CLUSTER_NODES: cluster.nodes, RATE_LIMIT_PER_IP: '4' } });
    const ip = { 'x-forwarded-for': uniqueIp() };
    const codes: (string | undefined)[] = [];
    for (const api of [limited, other, limited, other, limited, other]) {
      const res = await gql(api, '{ business(handle: "nobody.here") { id } }', {}, ip);
      codes.push(res.body.errors?.[0]?.extensions.code);
    }
    // Four answered between both processes, then refused: one count, kept in the cluster.
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2);
  });
});
