import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import sharp from 'sharp';
import { WhatsAppAPI } from 'whatsapp-api-js';
import { ActionButtons, Body, Button, Interactive } from 'whatsapp-api-js/messages/interactive';
import { Image } from 'whatsapp-api-js/messages/media';
import { Reaction } from 'whatsapp-api-js/messages/reaction';
import { Text } from 'whatsapp-api-js/messages/text';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal } from './support/business-access';
import { eventually, TestEnv } from './support/test-env';

const ENABLE = `mutation($b: ID!) { enableWhatsapp(businessId: $b) { phoneNumberId wabaId appSecret } }`;
const WEBHOOK = `mutation($b: ID!, $url: String, $token: String) { setWhatsappWebhook(businessId: $b, callbackUrl: $url, verifyToken: $token) { callbackUrl callbackVerifiedAt } }`;
const DELIVERIES = `query($b: ID!) { whatsappWebhookDeliveries(businessId: $b) { id field status attempts lastError nextAttemptAt deliveredAt body } }`;
const START = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`;
const MARK_DELIVERED = `mutation($c: ID!, $seq: Int!) { markDelivered(conversationId: $c, seq: $seq) { readSeq } }`;
const MARK_READ = `mutation($c: ID!, $seq: Int!) { markRead(conversationId: $c, seq: $seq) { readSeq } }`;
const SEND = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) { id seq } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 50) { messages { id seq kind senderKind
  content { __typename ... on TextContent { body } ... on ImageContent { mediaId caption } ... on ReactionContent { messageId emoji }
    ... on InteractiveContent { body buttons { id title } } } } } }`;

type Incoming =
  | { kind: 'message'; from: string; message: Record<string, unknown> }
  | { kind: 'status'; id: string; status: string; phone: string };

/**
 * A real, published Cloud API client, unchanged, against Kedai: whatsapp-api-js 6.3.0. It is
 * pointed at Kedai with its `ponyfill.fetch` (every https://graph.facebook.com URL is rewritten to
 * Kedai's address), uses the business's API key as its token, and its own webhook handler, with
 * its own X-Hub-Signature-256 check, receives Kedai's webhooks.
 */
describe('whatsapp-api-js 6.3.0 against Kedai: sends, media, and webhooks it verifies itself', () => {
  let env: TestEnv;
  let api: INestApplication;
  let base: string;
  let merchant: SignedIn;
  let shopper: SignedIn;
  let businessId: string;
  let channel: { phoneNumberId: string; wabaId: string; appSecret: string };
  let bot: WhatsAppAPI;
  let receiver: Server;
  let callbackUrl: string;
  const received: Incoming[] = [];
  const refusedBySignature: string[] = [];
  let failNext = 0;
  const verifyToken = 'kedai-test-verify-token';

  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } });
    await api.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
    await env.worker({ env: { WHATSAPP_WEBHOOK_RETRY_MS: '100' } });
    [merchant, shopper] = await Promise.all([signIn(env, api), signIn(env, api)]);
    businessId = (await ok(api, merchant.auth, OPS.create, { input: businessInput() })).createBusiness.id;
    channel = (await ok(api, merchant.auth, ENABLE, { b: businessId })).enableWhatsapp;
    const key = (await ok(api, merchant.auth, OPS.createKey, { businessId, name: 'whatsapp-api-js', scopes: ['CHATS_ANSWER'] }))
      .createApiKey.key as string;

    bot = new WhatsAppAPI({
      token: key,
      appSecret: channel.appSecret,
      webhookVerifyToken: verifyToken,
      v: 'v23.0',
      ponyfill: {
        fetch: (url: string | URL | Request, init?: RequestInit) =>
          fetch(String(url instanceof Request ? url.url : url).replace('https://graph.facebook.com', base), init),
      },
    });
    bot.on.message = ({ from, message }) =>
      void received.push({ kind: 'message', from: from ?? '', message: message as Record<string, unknown> });
    bot.on.status = ({ id, status, phone }) => void received.push({ kind: 'status', id, status, phone: phone ?? '' });

    // The business's webhook endpoint, built as the library's documentation shows.
    receiver = createServer((req, res) => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET') {
          let challenge: string;
          try {
            challenge = bot.get(Object.fromEntries(url.searchParams) as Parameters<WhatsAppAPI['get']>[0]);
          } catch {
            res.writeHead(403).end();
            return;
          }
          res.writeHead(200).end(challenge);
          return;
        }
        const raw = await readBody(req);
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(503).end();
          return;
        }
        try {
          await bot.post(JSON.parse(raw), raw, req.headers['x-hub-signature-256'] as string);
          res.writeHead(200).end();
        } catch (e) {
          refusedBySignature.push(String(e));
          res.writeHead(401).end();
        }
      })();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
  });
  afterAll(async () => {
    receiver?.close();
    await env.close();
  });

  it('registers the callback only after the GET handshake (hub.challenge) succeeds', async () => {
    const wrong = await refusal(api, merchant.auth, WEBHOOK, { b: businessId, url: callbackUrl, token: 'not-the-token' });
    expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'callbackUrl' }] });
    const set = (await ok(api, merchant.auth, WEBHOOK, { b: businessId, url: callbackUrl, token: verifyToken }))
      .setWhatsappWebhook;
    expect(set).toMatchObject({ callbackUrl, callbackVerifiedAt: expect.any(String) });
  });

  it('delivers the shopper’s message as a signed webhook the library accepts, and the library’s reply lands in the chat', async () => {
    const conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id;
    await ok(api, shopper.auth, SEND, { c: conversationId, id: 'q1', content: { text: { body: 'Ada kopi susu? ☕' } } });
    const got = await eventually(async () => received.find((r) => r.kind === 'message'), 'the webhook');
    if (got.kind !== 'message') throw new Error('expected a message');
    expect(got.from).toBe(shopper.phone.slice(1));
    expect(got.message).toMatchObject({
      type: 'text',
      text: { body: 'Ada kopi susu? ☕' },
      id: expect.stringMatching(/^wamid\./),
    });
    expect(refusedBySignature).toEqual([]);

    // The bot answers through Kedai's surface, with the library's own message classes.
    const reply = await bot.sendMessage(channel.phoneNumberId, got.from, new Text('Ada! RM 5.50'));
    expect(reply).toMatchObject({
      messaging_product: 'whatsapp',
      contacts: [{ wa_id: got.from }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });
    const buttons = new Interactive(
      new ActionButtons(new Button('hot', 'Panas'), new Button('iced', 'Ais')),
      new Body('Panas atau ais?'),
    );
    const buttonsReply = await bot.sendMessage(channel.phoneNumberId, got.from, buttons);
    expect(buttonsReply).toMatchObject({ messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    await bot.sendMessage(channel.phoneNumberId, got.from, new Reaction(String(got.message.id), '👍'));

    const history = (await ok(api, shopper.auth, HISTORY, { c: conversationId })).messages.messages;
    expect(history.map((m: { kind: string }) => m.kind)).toEqual(['TEXT', 'TEXT', 'INTERACTIVE', 'REACTION']);
    expect(history[1].content.body).toBe('Ada! RM 5.50');
    expect(history[2].content.buttons).toEqual([
      { id: 'hot', title: 'Panas' },
      { id: 'iced', title: 'Ais' },
    ]);
    expect(history[3].content).toMatchObject({ messageId: history[0].id, emoji: '👍' });

    // Each send's `sent` status reaches the library's status handler too.
    const sentId = (reply as { messages: { id: string }[] }).messages[0].id;
    await eventually(
      async () => received.find((r) => r.kind === 'status' && r.id === sentId && r.status === 'sent'),
      'the sent status',
    );

    // The shopper's app receives the reply, then reads everything: delivered, then read, of each
    // business message covered, to the library's status handler; the shopper's own message has none.
    await ok(api, shopper.auth, MARK_DELIVERED, { c: conversationId, seq: history[1].seq });
    await ok(api, shopper.auth, MARK_READ, { c: conversationId, seq: history[3].seq });
    const statusesOf = (id: string) =>
      received.filter((r) => r.kind === 'status' && r.id === id).map((r) => (r.kind === 'status' ? r.status : ''));
    const buttonsId = (buttonsReply as { messages: { id: string }[] }).messages[0].id;
    await eventually(
      async () => statusesOf(sentId).includes('read') && statusesOf(buttonsId).includes('read'),
      'the read statuses',
    );
    expect(statusesOf(sentId)).toEqual(['sent', 'delivered', 'read']);
    expect(statusesOf(buttonsId)).toEqual(expect.arrayContaining(['delivered', 'read']));
    expect(statusesOf(buttonsId).indexOf('delivered')).toBeLessThan(statusesOf(buttonsId).indexOf('read'));
    expect(statusesOf(String(got.message.id))).toEqual([]);
    expect(received.find((r) => r.kind === 'status' && r.phone !== got.from)).toBeUndefined();
  });

  it('uploads, retrieves and downloads media through the library, then sends it as an image', async () => {
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#6ab04c' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'kopi.png');
    const uploaded = (await bot.uploadMedia(channel.phoneNumberId, form)) as { id: string };
    expect(uploaded).toEqual({ id: expect.any(String) });
    const info = (await bot.retrieveMedia(uploaded.id)) as unknown as { url: string; file_size: number; sha256: string };
    expect(info).toMatchObject({ messaging_product: 'whatsapp', id: uploaded.id, mime_type: 'image/jpeg' });
    const file = Buffer.from(await (await bot.fetchMedia(info.url)).arrayBuffer());
    expect(file.length).toBe(info.file_size);
    expect(createHash('sha256').update(file).digest('hex')).toBe(info.sha256);

    const sent = await bot.sendMessage(channel.phoneNumberId, shopper.phone.slice(1), new Image(uploaded.id, true, 'Kopi susu'));
    expect(sent).toMatchObject({ messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    const conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id;
    const last = (await ok(api, shopper.auth, HISTORY, { c: conversationId })).messages.messages.at(-1);
    expect(last).toMatchObject({ kind: 'IMAGE', content: { mediaId: uploaded.id, caption: 'Kopi susu' } });
  });

  it('surfaces the library’s errors as Meta’s: outside the window, the library gets 131047', async () => {
    const stranger = await signIn(env, api);
    const res = await bot.sendMessage(channel.phoneNumberId, stranger.phone.slice(1), new Text('Promo!'));
    expect(res).toMatchObject({ error: { code: 131047, type: 'OAuthException' } });
  });

  it('retries a failing callback with backoff, and shows attempts, state and the last error in GraphQL', async () => {
    failNext = 2;
    const before = received.filter((r) => r.kind === 'message').length;
    const conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id;
    await ok(api, shopper.auth, SEND, { c: conversationId, id: 'q2', content: { text: { body: 'Still open?' } } });
    await eventually(async () => received.filter((r) => r.kind === 'message').length > before, 'the retried webhook');
    const deliveries = (await ok(api, merchant.auth, DELIVERIES, { b: businessId })).whatsappWebhookDeliveries;
    const retried = deliveries.find((d: { body: string }) => d.body.includes('Still open?'));
    expect(retried).toMatchObject({
      field: 'messages',
      status: 'DELIVERED',
      attempts: 3,
      lastError: null,
      deliveredAt: expect.any(String),
    });
    // Every delivery went out once and was accepted by the library's own signature check.
    expect(refusedBySignature).toEqual([]);
    expect(deliveries.every((d: { status: string }) => d.status === 'DELIVERED')).toBe(true);
  });

  it('a receiver with another secret refuses Kedai’s webhooks (the signature is real), and Kedai records why', async () => {
    const rotated = (
      await ok(api, merchant.auth, `mutation($b: ID!) { rotateWhatsappAppSecret(businessId: $b) { appSecret } }`, {
        b: businessId,
      })
    ).rotateWhatsappAppSecret.appSecret;
    expect(rotated).not.toBe(channel.appSecret);
    const conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id;
    await ok(api, shopper.auth, SEND, { c: conversationId, id: 'q3', content: { text: { body: 'Signed with the new secret' } } });
    const pending = await eventually(async () => {
      const list = (await ok(api, merchant.auth, DELIVERIES, { b: businessId })).whatsappWebhookDeliveries;
      const d = list.find((x: { body: string; attempts: number }) => x.body.includes('new secret') && x.attempts >= 2);
      return d;
    }, 'failed attempts');
    expect(pending).toMatchObject({
      status: 'PENDING',
      lastError: 'the callback answered 401',
      nextAttemptAt: expect.any(String),
    });
    expect(refusedBySignature.length).toBeGreaterThanOrEqual(2);
    // Once the receiver knows the new secret, the next attempt goes through.
    (bot as unknown as { appSecret: string; key?: unknown }).appSecret = rotated;
    (bot as unknown as { key?: unknown }).key = undefined;
    await eventually(async () => {
      const list = (await ok(api, merchant.auth, DELIVERIES, { b: businessId })).whatsappWebhookDeliveries;
      return list.find((x: { body: string; status: string }) => x.body.includes('new secret') && x.status === 'DELIVERED');
    }, 'the delivery after the receiver learnt the secret');
  });
});
