import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { PROBE_TABLE, ProbeModule, ProbeProducer, ProbeProducerModule } from './support/outbox-probe';
import { eventually, redisOptions, TestEnv } from './support/test-env';

const ENABLE = `mutation($b: ID!) { enableWhatsapp(businessId: $b) { phoneNumberId } }`;
const WEBHOOK = `mutation($b: ID!, $url: String, $token: String) { setWhatsappWebhook(businessId: $b, callbackUrl: $url, verifyToken: $token) { callbackUrl } }`;
const START = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`;
const SEND = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) { id } }`;
const VERIFY_TOKEN = 'redis-loss-verify';

/**
 * Issue 18: a Redis that comes back empty (restarted without persistence, flushed, failed over to
 * an empty node) has forgotten the jobs the outbox relay had already handed it. Here they are held
 * in Redis by pausing their queue (as a backlog would), the relay marks their rows sent, and then
 * every key of this file is deleted under the running worker (its FLUSHALL). Each job must still
 * run, and each effect happen exactly once, also for the jobs that had run before the loss.
 */
describe('a Redis that comes back empty loses no job', () => {
  let env: TestEnv;
  let api: INestApplication;
  let producer: ProbeProducer;
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;

  /** Holds the queue's jobs in Redis, unrun: BullMQ's pause, which the loss of Redis's data forgets too. */
  const pause = async (name: string) => {
    const queue = new Queue(name, { connection: redisOptions(), prefix: env.queuePrefix });
    await queue.pause();
    await queue.close();
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    await sql(PROBE_TABLE);
    api = await env.api({ imports: [ProbeProducerModule] });
    producer = api.get(ProbeProducer);
  });
  afterAll(() => env.close());
  afterEach(() => env.stopWorkers());

  it('re-relays the jobs it held: each runs, once, and the jobs done before are not done twice', async () => {
    await env.worker({ imports: [ProbeModule] });
    const effects = async () =>
      (await sql('select n, count(*)::int c from probe_effect group by n order by n')) as { n: number; c: number }[];
    await producer.produce(20, 0);
    await eventually(async () => (await effects()).length === 20, 'the first 20 jobs done');

    await pause('system');
    const held = await producer.produce(30, 20);
    await eventually(
      async () =>
        (await sql('select count(*)::int n from outbox where id = any($1) and sent_at is not null', [held]))[0].n === 30,
      'the 30 jobs relayed into Redis',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect((await effects()).length).toBe(20); // held in the paused queue, not run

    await env.forgetRedis();
    await eventually(async () => (await effects()).length === 50, 'the lost jobs to run', 20_000);
    await new Promise((r) => setTimeout(r, 1_500)); // let any second run land before counting
    expect(await effects()).toEqual(Array.from({ length: 50 }, (_, n) => ({ n, c: 1 })));
  });

  describe('a webhook to a business’s callback (Cloud API), queued when Redis lost it', () => {
    let receiver: Server;
    const posts: string[] = [];

    beforeAll(async () => {
      receiver = createServer((req: IncomingMessage, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET') return void res.end(url.searchParams.get('hub.challenge') ?? '');
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          posts.push(Buffer.concat(chunks).toString('utf8'));
          res.end('ok');
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    });
    afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

    it('is delivered once after the loss', async () => {
      const merchant: SignedIn = await signIn(env, api);
      const shopper: SignedIn = await signIn(env, api);
      const businessId = (await ok(api, merchant.auth, OPS.create, { input: businessInput() })).createBusiness.id as string;
      await ok(api, merchant.auth, ENABLE, { b: businessId });
      const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await ok(api, merchant.auth, WEBHOOK, { b: businessId, url: callbackUrl, token: VERIFY_TOKEN });
      const conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id as string;

      // The probe jobs of the test before are relayed again too, and still have one effect each.
      await env.worker({ imports: [ProbeModule] });
      // The delivery's job waits in Redis, relayed: the whatsapp queue is paused (a backlog).
      await pause('whatsapp');
      const body = `kopi ${process.pid}`;
      await ok(api, shopper.auth, SEND, { c: conversationId, id: 'before-the-loss', content: { text: { body } } });
      await eventually(
        async () =>
          (await sql(`select 1 from outbox where name = 'whatsapp.deliver-webhook' and sent_at is not null`)).length === 1,
        'the delivery relayed into Redis',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(posts.filter((p) => p.includes(body))).toHaveLength(0);

      await env.forgetRedis();
      await eventually(async () => posts.some((p) => p.includes(body)), 'the webhook delivered after the loss', 20_000);
      await new Promise((r) => setTimeout(r, 1_500)); // a second delivery would land meanwhile
      expect(posts.filter((p) => p.includes(body))).toHaveLength(1);
      expect(await sql(`select status, attempts from whatsapp_webhook_delivery where channel_id is not null`)).toEqual([
        { status: 'delivered', attempts: 1 },
      ]);
    });
  });
});
