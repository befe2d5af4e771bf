import { createHmac, randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import request from 'supertest';
import { startTracing } from '@kedai/core/tracing/start-tracing';
import { ok } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { eventually, gql, TestEnv } from './support/test-env';
import { merchant, shopper } from './payments-helpers';

// The real SDK (context manager, W3C propagation, span processors), exporting to memory.
const exporter = new InMemorySpanExporter();
const sdk = startTracing('kedai-test', { spanProcessors: [new SimpleSpanProcessor({ exporter })] });

const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id } } }`;
const ADD = `mutation($v: ID!, $q: Int) { addToCart(variantId: $v, quantity: $q) { orderable } }`;
const SEND = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id conversationId } }`;
const ORDER = `query($o: ID!) { order(orderId: $o) { status hold } }`;
const SECRET = 'tracing-app-secret';

/**
 * One order is one trace: the sendOrder request (continuing the caller's traceparent), the outbox
 * row it writes, the order bot's job that posts the order_details payment request, the jobs that
 * message's rows start, and the log lines written along the way all carry its trace id.
 */
describe('tracing', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    const bridge = { WHATSAPP_APP_SECRET: SECRET, WHATSAPP_ACCESS_TOKEN: 'graph-token' };
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000', ...bridge } });
    await env.worker({ env: bridge });
  });
  afterAll(async () => {
    await env.close();
    await sdk?.shutdown();
  });

  it('follows an order from sendOrder to order_details in one trace', async () => {
    const { owner, businessId } = await merchant(env, api);
    const photo = await uploadPhoto(api, owner.auth, businessId);
    const created = await ok(api, owner.auth, CREATE_PRODUCT, {
      b: businessId,
      input: { retailerId: 'KOPI', name: 'Kopi', price: '1000', currency: 'MYR', stock: 5, photos: [photo] },
    });
    const s = await shopper(env, api);
    await ok(api, s.auth, ADD, { v: created.createProduct.variants[0].id, q: 1 });

    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const sent = await gql(api, SEND, { b: businessId, k: `trace-${traceId}` }, { ...s.auth, traceparent }).expect(200);
    const order = sent.body.data.sendOrder as { id: string; conversationId: string };
    await eventually(async () => {
      const o = (await ok(api, s.auth, ORDER, { o: order.id })).order;
      return o.status === 'AWAITING_PAYMENT' && !o.hold;
    }, 'the order bot to post the payment request');

    const spans = () => exporter.getFinishedSpans().filter((sp) => sp.spanContext().traceId === traceId);
    await eventually(async () => spans().some((sp) => sp.name === 'job orders.process'), 'the bot job span');
    const request = spans().find((sp) => sp.name === 'graphql mutation sendOrder');
    const job = spans().find((sp) => sp.name === 'job orders.process')!;
    expect(request).toBeDefined();
    // The job's span is a child of the request's, through the outbox row and the BullMQ job.
    expect(job.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
    expect(job.attributes).toMatchObject({ 'messaging.system': 'bullmq', 'messaging.destination.name': 'orders' });

    // The order_details message the job posted: its outbox rows carry the same trace on.
    const sql = await env.sql();
    const details = await sql.query<{ id: string }>(
      `select id from message where conversation_id = $1 and kind = 'order_details'`,
      [order.conversationId],
    );
    expect(details.rows).toHaveLength(1);
    const rows = await sql.query<{ name: string; trace_context: string | null }>(
      `select name, trace_context from outbox where payload->>'orderId' = $1 or payload->>'messageId' = $2`,
      [order.id, details.rows[0].id],
    );
    expect(rows.rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows.rows) expect([row.name, row.trace_context]).toEqual([row.name, expect.stringContaining(traceId)]);

    // Log lines written while serving the order carry the trace id.
    expect(env.logs.records.some((r) => r.traceId === traceId)).toBe(true);
  });

  it('follows a WhatsApp webhook from its 200 to the job that maps it, though the route runs ahead of the middlewares', async () => {
    const traceId = randomBytes(16).toString('hex');
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'waba', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', trace: traceId } }] }],
    });
    await request(api.getHttpServer())
      .post('/whatsapp/webhook')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`)
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`)
      .send(body)
      .expect(200);
    const spans = () => exporter.getFinishedSpans().filter((sp) => sp.spanContext().traceId === traceId);
    await eventually(async () => spans().some((sp) => sp.name === 'job whatsapp.take-inbound'), 'the mapping job span');
    const webhook = spans().find((sp) => sp.name === 'POST /whatsapp/webhook')!;
    const stored = spans().find((sp) => sp.name === 'whatsapp.inbound.store')!;
    const job = spans().find((sp) => sp.name === 'job whatsapp.take-inbound')!;
    expect(webhook.attributes).toMatchObject({ 'http.response.status_code': 200 });
    expect(stored.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
    expect(job.parentSpanContext?.spanId).toBe(stored.spanContext().spanId);
  });

  it('starts a trace of its own for a request without one, and leaves probes untraced', async () => {
    exporter.reset();
    await gql(api, '{ __typename }').expect(200);
    await gql(api, '{ __typename }').expect(200);
    const [a, b] = exporter.getFinishedSpans().filter((sp) => sp.name === 'graphql query __typename');
    expect(a.spanContext().traceId).not.toBe(b.spanContext().traceId);
    const before = exporter.getFinishedSpans().length;
    await request(api.getHttpServer()).get('/health/live').expect(200);
    expect(exporter.getFinishedSpans().length).toBe(before);
  });
});
