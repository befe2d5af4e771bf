import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Metrics } from '@kedai/core';
import sharp from 'sharp';
import request from 'supertest';
import { REQUEST_CODE, signIn, uniquePhone, VERIFY_CODE, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { WHATSAPP_FIXTURES } from './support/fixtures';
import { eventually, gql, redisOptions, TestEnv } from './support/test-env';

const FIXTURES = WHATSAPP_FIXTURES;
const raw = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const SECRET = 'bridge-test-app-secret-0123456789';
const VERIFY = 'bridge-verify-token';
const META_NUMBER = '106540352242922';
const SHOPPER_WA = '16505551234';

const CONNECT = `mutation($b: ID!, $n: String!, $c: String) { connectWhatsappNumber(businessId: $b, metaPhoneNumberId: $n, displayPhoneNumber: "15550783881", catalogId: $c) { metaPhoneNumberId } }`;
const INBOX = `query($b: ID!) { businessInbox(businessId: $b) { conversations { id } } }`;
const SEND = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) { id seq } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 100) { messages { id seq kind senderKind clientMessageId failedReason
  content { __typename ... on TextContent { body } ... on ImageContent { mediaId } ... on UnsupportedContent { source type }
    ... on OrderContent { items { sku quantity } } ... on InteractiveReplyContent { id title replyToMessageId } } } } }`;
const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id } }`;

/** A message as HISTORY shows it. */
interface Shown {
  id: string;
  seq: number;
  kind: string;
  senderKind: string;
  clientMessageId: string | null;
  failedReason: string | null;
  content: Record<string, unknown> & { items?: unknown; mediaId?: string };
}

interface GraphCall {
  method: string;
  path: string;
  auth: string | undefined;
  body: ({ text?: { body?: string } } & Record<string, unknown>) | null;
}

/**
 * Kedai as the backend of a real WhatsApp number: Meta's webhooks come in at /whatsapp/webhook
 * (signed with the app secret), replies go out through the Graph API, here a fake Graph server
 * this test starts (WHATSAPP_GRAPH_URL).
 */
describe('WhatsApp bridge: Meta’s webhooks in, the Graph API out', () => {
  let env: TestEnv;
  let api: INestApplication;
  let merchant: SignedIn;
  let businessId: string;
  let graph: Server;
  const calls: GraphCall[] = [];
  // Each names the path it fails, so a catalog push running meanwhile cannot take a message's failure.
  const failures: { status: number; body: unknown; path?: string }[] = [];
  /** Paths the fake Graph server answered with one of `failures`. */
  const refused: string[] = [];
  let sentCount = 0;
  let png: Buffer;
  let bridgeEnv: Record<string, string>;
  let worker: INestApplicationContext;
  let inboundQueue: Queue;
  const productIds: Record<string, string> = {};

  const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  const deliver = (body: string, signature: string | null = sign(body)) => {
    const r = request(api.getHttpServer()).post('/whatsapp/webhook').set('content-type', 'application/json');
    if (signature !== null) r.set('x-hub-signature-256', signature);
    return r.send(body);
  };
  const db = async () => env.sql();
  const inboundCount = async () =>
    Number((await (await db()).query('select count(*)::int as n from whatsapp_inbound')).rows[0].n);
  /** Every webhook handed over has been taken by the worker (its queue idle) and processed. */
  const allProcessed = () =>
    eventually(async () => {
      const counts = await inboundQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed');
      if (Object.values(counts).some((n) => n > 0)) return false;
      return (
        Number(
          (await (await db()).query('select count(*)::int as n from whatsapp_inbound where processed_at is null')).rows[0].n,
        ) === 0
      );
    }, 'every webhook processed');
  /** Attempts of the bridge's inbound jobs that failed (each one retried), from the worker's own counter. */
  const failedAttempts = async () =>
    (await worker.get(Metrics).jobs.get()).values
      .filter((v) => v.labels.job === 'whatsapp.take-inbound' && v.labels.outcome === 'failed')
      .reduce((n, v) => n + v.value, 0);
  const conversation = async () =>
    (await ok(api, merchant.auth, INBOX, { b: businessId })).businessInbox.conversations[0]?.id as string;
  const history = async () => (await ok(api, merchant.auth, HISTORY, { c: await conversation() })).messages.messages as Shown[];
  const inboundText = (id: string, body: string, from = SHOPPER_WA) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '419561257915477',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: META_NUMBER },
                contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: from }],
                messages: [{ from, id, timestamp: '1750025136', type: 'text', text: { body } }],
              },
            },
          ],
        },
      ],
    });
  const statusOf = (metaId: string, status: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '419561257915477',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550783881', phone_number_id: META_NUMBER },
                statuses: [{ id: metaId, status, timestamp: '1750025200', recipient_id: SHOPPER_WA, ...extra }],
              },
            },
          ],
        },
      ],
    });

  beforeAll(async () => {
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#f0932b' } })
      .png()
      .toBuffer();
    graph = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const path = req.url ?? '';
        calls.push({ method: req.method ?? '', path, auth: req.headers.authorization, body: text ? JSON.parse(text) : null });
        if (req.headers.authorization !== 'Bearer graph-token') return void res.writeHead(401).end('{}');
        if (path.startsWith('/files/')) return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
        if (req.method === 'GET') {
          const port = (graph.address() as AddressInfo).port;
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(
            JSON.stringify({
              url: `http://127.0.0.1:${port}/files${path.slice(path.lastIndexOf('/'))}`,
              mime_type: 'image/png',
            }),
          );
        }
        const at = failures.findIndex((f) => !f.path || path.endsWith(f.path));
        const failure = at >= 0 ? failures.splice(at, 1)[0] : undefined;
        if (failure) refused.push(path);
        if (failure)
          return void res.writeHead(failure.status, { 'content-type': 'application/json' }).end(JSON.stringify(failure.body));
        if (path.endsWith('/items_batch'))
          return void res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ handles: [`h${calls.length}`] }));
        sentCount += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            messaging_product: 'whatsapp',
            contacts: [{ input: SHOPPER_WA, wa_id: SHOPPER_WA }],
            messages: [{ id: `wamid.graph-${sentCount}` }],
          }),
        );
      });
    });
    await new Promise<void>((r) => graph.listen(0, '127.0.0.1', r));
    bridgeEnv = {
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: VERIFY,
      WHATSAPP_GRAPH_URL: `http://127.0.0.1:${(graph.address() as AddressInfo).port}`,
      WHATSAPP_ACCESS_TOKEN: 'graph-token',
      WHATSAPP_WEBHOOK_MAX_BYTES: '8192',
      WHATSAPP_CATALOG_SYNC_DELAY_MS: '1500',
      RATE_LIMIT_PER_IP: '1000000',
      RATE_LIMIT_PER_ACCOUNT: '1000000',
    };
    env = await TestEnv.create();
    api = await env.api({ env: bridgeEnv });
    worker = await env.worker({ env: bridgeEnv });
    inboundQueue = new Queue('whatsapp-inbound', { connection: redisOptions(), prefix: env.queuePrefix });
    merchant = await signIn(env, api);
    businessId = (await ok(api, merchant.auth, OPS.create, { input: businessInput() })).createBusiness.id;
    await ok(api, merchant.auth, CONNECT, { b: businessId, n: META_NUMBER, c: '194836987003835' });
    const photo = await uploadPhoto(api, merchant.auth, businessId);
    for (const sku of ['di9ozbzfi4', 'nqryix03ez'])
      productIds[sku] = (
        await ok(api, merchant.auth, CREATE_PRODUCT, {
          b: businessId,
          input: { retailerId: sku, name: `Item ${sku}`, price: '3000', currency: 'MYR', stock: 20, photos: [photo] },
        })
      ).createProduct.id as string;
  });
  afterAll(async () => {
    graph?.close();
    await inboundQueue?.close();
    await env.close();
  });

  it('answers Meta’s GET handshake only with the verify token', async () => {
    const okRes = await request(api.getHttpServer())
      .get('/whatsapp/webhook')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY, 'hub.challenge': '1158201444' });
    expect(okRes.status).toBe(200);
    expect(okRes.text).toBe('1158201444');
    const wrong = await request(api.getHttpServer())
      .get('/whatsapp/webhook')
      .query({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' });
    expect(wrong.status).toBe(403);
  });

  it('refuses missing, malformed and wrong signatures, tampered and oversized bodies with nothing stored', async () => {
    const body = raw('inbound-text.json');
    expect((await deliver(body, null)).status).toBe(401);
    expect((await deliver(body, 'sha256=xyz')).status).toBe(401);
    expect((await deliver(body, sign(body).replace('sha256=', 'sha1='))).status).toBe(401);
    expect((await deliver(body, sign(body, 'another-secret-entirely'))).status).toBe(401);
    expect((await deliver(body.replace('another color', 'free stuff'), sign(body))).status).toBe(401);
    const huge = JSON.stringify({ object: 'whatsapp_business_account', padding: 'x'.repeat(10_000) });
    expect((await deliver(huge)).status).toBe(413);
    await allProcessed();
    expect(await inboundCount()).toBe(0);
  });

  it('takes every published fixture: stored, answered 200, mapped into the conversation, statuses of unknown numbers kept', async () => {
    const names = readdirSync(FIXTURES).filter((f) => f.startsWith('inbound-') || f.startsWith('status-'));
    expect(names.length).toBeGreaterThanOrEqual(7);
    for (const name of names) {
      const res = await deliver(raw(name));
      expect([name, res.status, res.text]).toEqual([name, 200, 'EVENT_RECEIVED']);
    }
    await allProcessed();
    const messages = await history();
    const byId = (id: string) => messages.find((m) => m.clientMessageId === id);
    expect(byId(JSON.parse(raw('inbound-text.json')).entry[0].changes[0].value.messages[0].id)).toMatchObject({
      kind: 'TEXT',
      senderKind: 'PERSON',
      content: { body: 'Does it come in another color?' },
    });
    expect(byId(JSON.parse(raw('inbound-text-product-inquiry.json')).entry[0].changes[0].value.messages[0].id)).toMatchObject({
      content: { body: 'Is this still available?' },
    });
    // A reply to a message Kedai never sent (no mapping to a Kedai message): kept as its text.
    expect(byId(JSON.parse(raw('inbound-interactive-button-reply.json')).entry[0].changes[0].value.messages[0].id)).toMatchObject(
      {
        kind: 'TEXT',
        content: { body: 'Cancel' },
      },
    );
    // The order went into the shopper's cart and was sent as a Kedai order.
    const order = messages.find((m) => m.kind === 'ORDER');
    expect(order?.content.items).toEqual(
      expect.arrayContaining([
        { sku: 'di9ozbzfi4', quantity: 2 },
        { sku: 'nqryix03ez', quantity: 1 },
      ]),
    );
    const person = await (await db()).query('select display_name from person where phone = $1', [`+${SHOPPER_WA}`]);
    expect(person.rows).toEqual([{ display_name: 'Sheena Nelson' }]);
    const outcomes = (await (await db()).query(`select outcome from whatsapp_inbound where body like '%409552778964973%'`)).rows;
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) expect(o.outcome).toContain('not connected');
  });

  it('processes each message once, whatever the replays, reorderings and concurrency', async () => {
    // The shopper's own messages only: the order bot may still be answering the previous test's order.
    const fromShopper = async () => (await history()).filter((m) => m.senderKind === 'PERSON');
    const before = (await fromShopper()).length;
    const a = inboundText('wamid.replay-A', 'first, delivered last');
    const b = inboundText('wamid.replay-B', 'second, delivered first');
    // The same message id in another envelope (another entry id): a distinct body, the same message.
    const aAgain = a.replace('419561257915477', '419561257915478');
    const results = await Promise.all([b, ...Array.from({ length: 8 }, () => a), aAgain, b].map((body) => deliver(body)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await allProcessed();
    expect(
      Number((await (await db()).query(`select count(*)::int as n from whatsapp_inbound where body like '%replay-%'`)).rows[0].n),
    ).toBe(3);
    const after = await fromShopper();
    expect(after.length).toBe(before + 2);
    expect(after.filter((m) => m.clientMessageId === 'wamid.replay-A')).toHaveLength(1);
    expect(after.filter((m) => m.clientMessageId === 'wamid.replay-B')).toHaveLength(1);
  });

  it('takes first messages of many new shoppers at once, each also in a second envelope, with no attempt failing', async () => {
    const failedBefore = await failedAttempts();
    const shoppers = Array.from({ length: 12 }, (_, i) => `1650777${String(1000 + i)}`);
    const bodies = shoppers.flatMap((wa, i) => {
      const first = inboundText(`wamid.first-${i}`, `hello from ${wa}`, wa);
      return [first, first.replace('419561257915477', '419561257915479')];
    });
    const results = await Promise.all(bodies.map((body) => deliver(body)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await allProcessed();
    const { rows } = await (
      await db()
    ).query(
      `select p.phone, count(m.id)::int as n, min(cm.last_read_seq)::int as read from message m
         join person p on p.id = m.sender_person_id
         join conversation_member cm on cm.conversation_id = m.conversation_id and cm.person_id = p.id
        where m.client_message_id like 'wamid.first-%' group by p.phone order by p.phone`,
    );
    expect(rows).toEqual(shoppers.map((wa) => ({ phone: `+${wa}`, n: 1, read: 1 })));
    expect(await failedAttempts()).toBe(failedBefore);
  });

  it('stores kinds Kedai does not model as unsupported, and shopper photos as Kedai photos fetched through the Graph API', async () => {
    const sticker = inboundText('wamid.sticker-1', 'x').replace(
      '"type":"text","text":{"body":"x"}',
      '"type":"sticker","sticker":{"id":"99","mime_type":"image/webp"}',
    );
    const unknown = inboundText('wamid.unknown-1', 'x').replace(
      '"type":"text","text":{"body":"x"}',
      '"type":"unsupported","errors":[{"code":131051,"title":"Message type unknown"}]',
    );
    const image = inboundText('wamid.image-1', 'x').replace(
      '"type":"text","text":{"body":"x"}',
      '"type":"image","image":{"id":"media-77","mime_type":"image/png","sha256":"x","caption":"this one"}',
    );
    for (const body of [sticker, unknown, image]) expect((await deliver(body)).status).toBe(200);
    await allProcessed();
    const messages = await history();
    expect(messages.find((m) => m.clientMessageId === 'wamid.sticker-1')).toMatchObject({
      kind: 'UNSUPPORTED',
      content: { source: 'whatsapp', type: 'sticker' },
    });
    expect(messages.find((m) => m.clientMessageId === 'wamid.unknown-1')).toMatchObject({
      kind: 'UNSUPPORTED',
      content: { type: 'unsupported' },
    });
    const photo = messages.find((m) => m.clientMessageId === 'wamid.image-1');
    expect(photo).toMatchObject({ kind: 'IMAGE', content: { mediaId: expect.any(String) } });
    expect(calls.some((c) => c.method === 'GET' && c.path === '/v23.0/media-77' && c.auth === 'Bearer graph-token')).toBe(true);
    const stored = await request(api.getHttpServer()).get(`/media/${photo!.content.mediaId}/thumbnail.jpeg`);
    expect(stored.status).toBe(200);
  });

  it('sends the business’s replies through the Graph API, retries 5xx, records 4xx as failed, and follows Meta’s statuses', async () => {
    const c = await conversation();
    const sendText = async (body: string) =>
      (await ok(api, merchant.auth, SEND, { c, id: `reply-${body}`, content: { text: { body } } })).sendMessage.id as string;
    const first = await sendText('Yes, in red and blue');
    const call = await eventually(
      async () => calls.find((x) => x.method === 'POST' && x.body?.text?.body === 'Yes, in red and blue'),
      'the Graph API call',
    );
    expect(call).toMatchObject({
      path: `/v23.0/${META_NUMBER}/messages`,
      auth: 'Bearer graph-token',
      body: { messaging_product: 'whatsapp', to: SHOPPER_WA, type: 'text' },
    });
    const metaId = await eventually(
      async () =>
        (await (await db()).query('select meta_message_id from whatsapp_outbound where message_id = $1', [first])).rows[0]
          ?.meta_message_id,
      'the Meta id recorded',
    );

    failures.push({ status: 503, body: { error: { code: 2, message: 'Service temporarily unavailable' } }, path: '/messages' });
    failures.push({ status: 429, body: { error: { code: 130429, message: 'Rate limit hit' } }, path: '/messages' });
    const retried = await sendText('Retried until it went');
    await eventually(
      async () =>
        (await (await db()).query(`select status from whatsapp_outbound where message_id = $1`, [retried])).rows[0]?.status ===
        'sent',
      'the retried send',
      30_000,
    );

    failures.push({ status: 400, body: { error: { code: 131026, message: 'Message undeliverable' } }, path: '/messages' });
    const refused = await sendText('Refused for good');
    await eventually(async () => (await history()).find((m) => m.id === refused)?.failedReason, 'the failure on the message');
    expect((await history()).find((m) => m.id === refused)?.failedReason).toContain('Message undeliverable');
    expect(
      (await (await db()).query(`select status, attempts from whatsapp_outbound where message_id = $1`, [refused])).rows[0],
    ).toEqual({ status: 'failed', attempts: 1 });

    // Meta's statuses for the first reply: read (before delivered, as may happen), then delivered, then failed of another.
    expect((await deliver(statusOf(metaId, 'read'))).status).toBe(200);
    expect((await deliver(statusOf(metaId, 'delivered'))).status).toBe(200);
    await allProcessed();
    expect((await (await db()).query(`select status from whatsapp_outbound where message_id = $1`, [first])).rows[0].status).toBe(
      'read',
    );
    const seq = (await history()).find((m) => m.id === first)!.seq;
    const marks = await (
      await db()
    ).query(
      `select m.last_read_seq from conversation_member m join person p on p.id = m.person_id where m.conversation_id = $1 and p.phone = $2`,
      [c, `+${SHOPPER_WA}`],
    );
    expect(Number(marks.rows[0].last_read_seq)).toBeGreaterThanOrEqual(seq);
    const retriedMeta = (
      await (await db()).query('select meta_message_id from whatsapp_outbound where message_id = $1', [retried])
    ).rows[0].meta_message_id;
    await deliver(statusOf(retriedMeta, 'failed', { errors: [{ code: 131047, title: 'Re-engagement message' }] }));
    await allProcessed();
    expect((await history()).find((m) => m.id === retried)?.failedReason).toContain('Re-engagement message');
  });

  it('keeps the business’s Meta catalog in step: product changes pushed in batches through items_batch, 5xx retried', async () => {
    const batches = () =>
      calls.filter(
        (c) => c.method === 'POST' && c.path === '/v23.0/194836987003835/items_batch' && c.auth === 'Bearer graph-token',
      );
    type Request = { method: string; data: Record<string, unknown> };
    const requestsOf = (c: GraphCall) => (c.body as unknown as { requests: Request[] }).requests;
    // The products made before the test: both pushed, with Meta's item fields.
    const created = await eventually(async () => {
      const all = batches().flatMap(requestsOf);
      return ['di9ozbzfi4', 'nqryix03ez'].every((sku) => all.some((r) => r.data.id === sku)) ? all : undefined;
    }, 'the new products pushed');
    expect(batches()[0].body).toMatchObject({ item_type: 'PRODUCT_ITEM', allow_upsert: true });
    expect(created.find((r) => r.data.id === 'di9ozbzfi4')).toMatchObject({
      method: 'UPDATE',
      data: {
        title: 'Item di9ozbzfi4',
        price: '30.00 MYR',
        availability: 'in stock',
        condition: 'new',
        // The stock when the push ran: the fixture's order may have reserved some by then.
        inventory: expect.any(Number),
        image_link: expect.stringMatching(/^https?:\/\/.+\.jpeg$/),
      },
    });

    // A price change and an archive, back to back: one batch carries both; the first try meets a 503.
    const before = batches().length;
    failures.push({
      status: 503,
      body: { error: { code: 2, message: 'Service temporarily unavailable' } },
      path: '/items_batch',
    });
    await ok(api, merchant.auth, `mutation($id: ID!) { updateProduct(id: $id, input: { price: "4550" }) { id } }`, {
      id: productIds.di9ozbzfi4,
    });
    await ok(api, merchant.auth, `mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id: productIds.nqryix03ez });
    const pushed = await eventually(
      async () => {
        const after = batches().slice(before).map(requestsOf);
        return after.find(
          (rs) =>
            rs.some((r) => r.method === 'UPDATE' && r.data.id === 'di9ozbzfi4' && r.data.price === '45.50 MYR') &&
            rs.some((r) => r.method === 'DELETE' && r.data.id === 'nqryix03ez'),
        );
      },
      'the change and the archive pushed together',
      30_000,
    ).catch(async (e: Error) => {
      // What Meta was sent and what the rows say, so a failure in CI can be read without a rerun.
      const seen = batches().map((c) =>
        requestsOf(c).map((r) => `${r.method} ${String(r.data.id)} ${String(r.data.price ?? '')}`),
      );
      const items = (await (await db()).query('select product_id, retailer_id, dirty_at, last_error from whatsapp_catalog_item'))
        .rows;
      throw new Error(
        `${e.message}; batches ${JSON.stringify(seen)} (${before} before the change), refused ${JSON.stringify(refused)}, left to fail ${JSON.stringify(failures)}, rows ${JSON.stringify(items)}`,
      );
    });
    expect(pushed).toHaveLength(2);
    expect(refused).toContain('/v23.0/194836987003835/items_batch');
    // Once the push has committed (Meta answered before it did), the rows are clean.
    const clean = [
      { product_id: productIds.di9ozbzfi4, retailer_id: 'di9ozbzfi4', dirty_at: null, last_error: null },
      { product_id: productIds.nqryix03ez, retailer_id: null, dirty_at: null, last_error: null },
    ];
    const rows = async () =>
      (
        await (
          await db()
        ).query(`select product_id, retailer_id, dirty_at, last_error from whatsapp_catalog_item order by retailer_id nulls last`)
      ).rows;
    await eventually(async () => JSON.stringify(await rows()) === JSON.stringify(clean), 'the items clean');
    expect(await rows()).toEqual(clean);
  });

  it('sends sign-in codes as an authentication template with CODE_SENDER=whatsapp', async () => {
    const codes = await env.api({
      env: { ...bridgeEnv, CODE_SENDER: 'whatsapp', WHATSAPP_AUTH_PHONE_NUMBER_ID: '109876543210987' },
    });
    try {
      const phone = uniquePhone();
      const asked = await gql(codes, REQUEST_CODE, { phone });
      expect(asked.body.errors).toBeUndefined();
      const call = calls.find((c) => c.path === '/v23.0/109876543210987/messages' && c.body?.to === phone.slice(1));
      expect(call?.body).toMatchObject({
        type: 'template',
        template: { name: 'kedai_sign_in_code', language: { code: 'en_US' } },
      });
      const template = call!.body!.template as { components: { type: string; parameters: { text: string }[] }[] };
      const code = template.components.find((c) => c.type === 'body')!.parameters[0].text;
      expect(code).toMatch(/^\d{6}$/);
      const verified = await gql(codes, VERIFY_CODE, { phone, code });
      expect(verified.body.data.verifySignInCode.accessToken).toEqual(expect.any(String));
      // When WhatsApp refuses, asking for a code fails instead of pretending it went out.
      failures.push({ status: 400, body: { error: { code: 131026, message: 'Message undeliverable' } }, path: '/messages' });
      const refused = await gql(codes, REQUEST_CODE, { phone: uniquePhone() });
      expect(refused.body.errors?.[0]).toBeDefined();
    } finally {
      await env.stop(codes);
    }
  });

  // Late in the file: it empties the file's Redis, and the worker then relays its recent jobs again.
  it('answers 200 once the body is committed in PostgreSQL: a Redis that comes back empty loses no webhook', async () => {
    const fromShopper = async () => (await history()).filter((m) => m.clientMessageId === 'wamid.durable-1');
    await inboundQueue.pause(); // the job waits in Redis, as behind a backlog
    const body = inboundText('wamid.durable-1', 'answered, then Redis lost everything');
    expect((await deliver(body)).status).toBe(200);
    // Stored before the answer, with the outbox row of the job that takes it.
    const stored = await (await db()).query('select processed_at from whatsapp_inbound where body = $1', [body]);
    expect(stored.rows).toEqual([{ processed_at: null }]);
    await eventually(
      async () =>
        (await (await db()).query(`select 1 from outbox where name = 'whatsapp.take-inbound' and sent_at is null`)).rowCount ===
        0,
      'its job relayed into Redis',
    );
    expect(await fromShopper()).toEqual([]);
    await env.forgetRedis();
    await allProcessed();
    expect(await fromShopper()).toHaveLength(1);
  });

  it('is off when no app secret is configured (production without WHATSAPP_APP_SECRET)', async () => {
    const off = await env.api({
      env: {
        NODE_ENV: 'production',
        JWT_SECRET: 'bridge-test-jwt-secret-0123456789abcdef0123456789',
        OTP_SECRET: 'bridge-test-otp-secret-0123456789abcdef0123456789',
        WHATSAPP_APP_SECRET: '',
      },
    });
    try {
      const body = raw('inbound-text.json');
      expect(
        (await request(off.getHttpServer()).post('/whatsapp/webhook').set('x-hub-signature-256', sign(body)).send(body)).status,
      ).toBe(401);
    } finally {
      await env.stop(off);
    }
  });
});
