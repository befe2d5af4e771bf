import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import sharp from 'sharp';
import request from 'supertest';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { WHATSAPP_FIXTURES } from './support/fixtures';
import { gql, TestEnv } from './support/test-env';

/** A message as the history query shows it. */
interface Shown {
  id: string;
  seq: number;
  kind: string;
  senderKind: string;
  content: Record<string, unknown>;
}

const FIXTURES = WHATSAPP_FIXTURES;
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

const ENABLE = `mutation($b: ID!) { enableWhatsapp(businessId: $b) { phoneNumberId wabaId appSecret } }`;
const START = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`;
const SEND = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) { id seq } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 30) { messages { id seq kind senderKind
  content { __typename ... on TextContent { body previewUrl } ... on ImageContent { mediaId caption }
    ... on ProductContent { productId productBody: body } ... on ProductListContent { listHeader: header productSections: sections { title productIds } }
    ... on CatalogContent { catalogBody: body thumbnailProductId }
    ... on InteractiveContent { type header interactiveBody: body footer listButton buttons { id title } sections { title rows { id title } } }
    ... on ReactionContent { messageId emoji } ... on LocationContent { latitude longitude name address }
    ... on ContactsContent { contacts { name phones { phone waId } emails { email } organization } } } } } }`;
const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id } }`;

/**
 * Kedai in Meta's place: a bot written against the Cloud API posts message objects to
 * /{version}/{phone-number-id}/messages with the business's API key and gets Meta's answers.
 */
describe('WhatsApp Cloud API surface: messages, errors, window, templates, media', () => {
  let env: TestEnv;
  let api: INestApplication;
  let merchant: SignedIn;
  let shopper: SignedIn;
  let stranger: SignedIn;
  let businessId: string;
  let channel: { phoneNumberId: string; wabaId: string };
  let key: string;
  let conversationId: string;
  const products: Record<string, string> = {};

  const waId = (p: SignedIn) => p.phone.slice(1);
  const post = (path: string, body: unknown, token: string | null = key) => {
    const r = request(api.getHttpServer()).post(path).set('content-type', 'application/json');
    if (token) r.set('authorization', `Bearer ${token}`);
    return r.send(JSON.stringify(body));
  };
  const send = (body: Record<string, unknown>, token: string | null = key) =>
    post(
      `/v23.0/${channel.phoneNumberId}/messages`,
      { messaging_product: 'whatsapp', recipient_type: 'individual', ...body },
      token,
    );
  const history = async () => (await ok(api, merchant.auth, HISTORY, { c: conversationId })).messages.messages as Shown[];
  const last = async () => (await history()).at(-1)!;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({
      env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000', WHATSAPP_PAIR_LIMIT: '1000' },
    });
    [merchant, shopper, stranger] = await Promise.all([signIn(env, api), signIn(env, api), signIn(env, api)]);
    businessId = (await ok(api, merchant.auth, OPS.create, { input: businessInput() })).createBusiness.id;
    channel = (await ok(api, merchant.auth, ENABLE, { b: businessId })).enableWhatsapp;
    key = (
      await ok(api, merchant.auth, OPS.createKey, {
        businessId,
        name: 'cloud bot',
        scopes: ['CHATS_ANSWER', 'ORDERS_READ', 'ORDERS_MANAGE'],
      })
    ).createApiKey.key;
    const photo = await uploadPhoto(api, merchant.auth, businessId);
    for (const sku of ['2lc20305pt', 'KOPI-1', 'TEH-1']) {
      products[sku] = (
        await ok(api, merchant.auth, CREATE_PRODUCT, {
          b: businessId,
          input: { retailerId: sku, name: `Product ${sku}`, price: '900', currency: 'MYR', stock: 10, photos: [photo] },
        })
      ).createProduct.id;
    }
    conversationId = (await ok(api, shopper.auth, START, { b: businessId })).startBusinessConversation.id;
    await ok(api, shopper.auth, SEND, { c: conversationId, id: 'hello-1', content: { text: { body: 'Hi! Do you deliver?' } } });
  });
  afterAll(() => env.close());

  it('sends text (Meta’s fixture) and answers with the Cloud API’s response shape and a stable wamid', async () => {
    const body = { ...fixture('outbound-text.json'), to: `+${waId(shopper)}` };
    const res = await post(`/v23.0/${channel.phoneNumberId}/messages`, body);
    expect(res.status).toBe(200);
    const expected = fixture('outbound-send-response.json');
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(expected).sort());
    expect(res.body).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: `+${waId(shopper)}`, wa_id: waId(shopper) }],
      messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9_-]{22}$/) }],
    });
    const message = await last();
    expect(message).toMatchObject({
      kind: 'TEXT',
      senderKind: 'BUSINESS',
      content: { body: 'text-message-content', previewUrl: false },
    });
    // The wamid leads back to the message: reacting to it lands on that message.
    const reacted = await send({
      to: waId(shopper),
      type: 'reaction',
      reaction: { message_id: res.body.messages[0].id, emoji: '👍' },
    });
    expect(reacted.status).toBe(200);
    expect(await last()).toMatchObject({ kind: 'REACTION', content: { messageId: message.id, emoji: '👍' } });
  });

  it('maps every interactive fixture to Kedai’s kinds', async () => {
    const to = waId(shopper);
    const buttons = await send({ ...fixture('outbound-reply-buttons.json'), to });
    expect(buttons.status).toBe(200);
    expect(await last()).toMatchObject({
      kind: 'INTERACTIVE',
      content: {
        type: 'BUTTON',
        interactiveBody: '<BUTTON_TEXT>',
        buttons: [{ id: '<UNIQUE_BUTTON_ID_1>' }, { id: '<UNIQUE_BUTTON_ID_2>' }],
      },
    });
    const list = await send({ ...fixture('outbound-list.json'), to });
    expect(list.status).toBe(200);
    expect(await last()).toMatchObject({
      kind: 'INTERACTIVE',
      content: { type: 'LIST', header: '<HEADER_TEXT>', listButton: '<BUTTON_TEXT>', footer: '<FOOTER_TEXT>' },
    });
    const catalog = await send({ ...fixture('outbound-catalog-message.json'), to });
    expect(catalog.status).toBe(200);
    expect(await last()).toMatchObject({ kind: 'CATALOG', content: { thumbnailProductId: products['2lc20305pt'] } });

    // The product fixtures name SKUs of Meta's sample catalog: swapped for this business's SKUs.
    const single = fixture('outbound-single-product.json') as { interactive: { action: Record<string, unknown> } };
    single.interactive.action.product_retailer_id = 'KOPI-1';
    expect((await send({ ...single, to })).status).toBe(200);
    expect(await last()).toMatchObject({ kind: 'PRODUCT', content: { productId: products['KOPI-1'] } });
    const multi = fixture('outbound-multi-product.json') as { interactive: Record<string, Record<string, unknown>> };
    multi.interactive.header = { type: 'text', text: 'Our drinks' };
    multi.interactive.action.sections = [
      { title: 'Coffee', product_items: [{ product_retailer_id: 'KOPI-1' }] },
      { title: 'Tea', product_items: [{ product_retailer_id: 'TEH-1' }] },
    ];
    expect((await send({ ...multi, to })).status).toBe(200);
    expect(await last()).toMatchObject({
      kind: 'PRODUCT_LIST',
      content: {
        listHeader: 'Our drinks',
        productSections: [{ productIds: [products['KOPI-1']] }, { productIds: [products['TEH-1']] }],
      },
    });
    const unknown = await send({
      ...single,
      to,
      interactive: { ...single.interactive, action: { product_retailer_id: 'NOPE' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 131009, type: 'OAuthException' });
  });

  it('models location, contacts and reactions', async () => {
    const to = waId(shopper);
    expect(
      (
        await send({
          to,
          type: 'location',
          location: { latitude: 3.139, longitude: 101.6869, name: 'Kedai HQ', address: 'Kuala Lumpur' },
        })
      ).status,
    ).toBe(200);
    expect(await last()).toMatchObject({ kind: 'LOCATION', content: { latitude: 3.139, longitude: 101.6869, name: 'Kedai HQ' } });
    const contacts = await send({
      to,
      type: 'contacts',
      contacts: [
        {
          name: { formatted_name: 'Aisyah Rahman', first_name: 'Aisyah' },
          phones: [{ phone: '+60 12-345 6789', type: 'CELL', wa_id: '60123456789' }],
          emails: [{ email: 'aisyah@example.com', type: 'WORK' }],
          org: { company: 'Kedai' },
        },
      ],
    });
    expect(contacts.status).toBe(200);
    expect(await last()).toMatchObject({
      kind: 'CONTACTS',
      content: { contacts: [{ name: 'Aisyah Rahman', phones: [{ waId: '60123456789' }], organization: 'Kedai' }] },
    });
    const badLocation = await send({ to, type: 'location', location: { latitude: 123, longitude: 0 } });
    expect(badLocation.status).toBe(400);
    expect(badLocation.body.error).toMatchObject({ code: 131009 });
    expect(badLocation.body.error.error_data.details).toContain('latitude');
  });

  it('refuses with the Cloud API’s codes: bad token 190, bad parameter 100, unsupported type 131051, unknown id 100', async () => {
    const to = waId(shopper);
    const noToken = await send({ to, type: 'text', text: { body: 'hi' } }, null);
    expect(noToken.status).toBe(401);
    expect(noToken.body.error).toMatchObject({ code: 190, type: 'OAuthException', fbtrace_id: expect.any(String) });
    const badToken = await send({ to, type: 'text', text: { body: 'hi' } }, 'kd_000000000000_' + 'x'.repeat(43));
    expect(badToken.status).toBe(401);
    expect(badToken.body.error.code).toBe(190);
    const wrongProduct = await post(`/v23.0/${channel.phoneNumberId}/messages`, {
      messaging_product: 'sms',
      to,
      text: { body: 'x' },
    });
    expect(wrongProduct.body.error).toMatchObject({ code: 100 });
    const sticker = await send({ to, type: 'sticker', sticker: { id: '1' } });
    expect(sticker.status).toBe(400);
    expect(sticker.body.error).toMatchObject({
      code: 131051,
      error_data: { messaging_product: 'whatsapp', details: expect.any(String) },
    });
    const missing = await send({ to, type: 'text', text: {} });
    expect(missing.body.error.code).toBe(131008);
    const other = await post(`/v23.0/123456789012345/messages`, { messaging_product: 'whatsapp', to, text: { body: 'x' } });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe(100);
    const notUser = await send({ to: '15550001111', type: 'text', text: { body: 'hi' } });
    expect(notUser.body.error.code).toBe(131026);
    // Another business's key cannot use this number: answered like an unknown id.
    const otherShop = (await ok(api, stranger.auth, OPS.create, { input: businessInput() })).createBusiness.id;
    const otherKey = (await ok(api, stranger.auth, OPS.createKey, { businessId: otherShop, name: 'x', scopes: ['CHATS_ANSWER'] }))
      .createApiKey.key;
    const foreign = await send({ to, type: 'text', text: { body: 'hijack' } }, otherKey);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe(100);
  });

  it('serves only /v<major>.<minor>/ paths: any other first segment is not there, whatever the route', async () => {
    for (const bad of ['v23', 'x23.0', '23.0', 'v23.0beta']) {
      const sent = await post(`/${bad}/${channel.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        to: '1',
        text: { body: 'x' },
      });
      expect([bad, sent.status]).toEqual([bad, 404]);
      const media = await request(api.getHttpServer()).get(`/${bad}/123`).set('authorization', `Bearer ${key}`);
      expect([bad, media.status]).toEqual([bad, 404]);
      const templates = await request(api.getHttpServer())
        .get(`/${bad}/${channel.wabaId}/message_templates`)
        .set('authorization', `Bearer ${key}`);
      expect([bad, templates.status]).toEqual([bad, 404]);
    }
  });

  it('keeps to the 24-hour window: free-form only after the shopper wrote, templates any time', async () => {
    const to = waId(stranger);
    const cold = await send({ to, type: 'text', text: { body: 'Special offer!' } });
    expect(cold.status).toBe(400);
    expect(cold.body.error).toMatchObject({ code: 131047, message: '(#131047) Re-engagement message' });

    const created = await post(`/v23.0/${channel.wabaId}/message_templates`, {
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order update' },
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready for pickup.' },
        { type: 'FOOTER', text: 'Kedai' },
      ],
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ id: expect.any(String), status: 'APPROVED', category: 'UTILITY' });
    const listed = await request(api.getHttpServer())
      .get(`/v23.0/${channel.wabaId}/message_templates`)
      .set('authorization', `Bearer ${key}`);
    expect(listed.body.data).toEqual([expect.objectContaining({ name: 'order_ready', status: 'APPROVED' })]);
    const duplicate = await post(`/v23.0/${channel.wabaId}/message_templates`, {
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'x' }],
    });
    expect(duplicate.body.error.code).toBe(100);

    const template = (params: string[], name = 'order_ready') => ({
      to,
      type: 'template',
      template: {
        name,
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }],
      },
    });
    const wrongCount = await send(template(['Ali']));
    expect(wrongCount.body.error.code).toBe(132000);
    const unknownTemplate = await send(template(['Ali', 'A1'], 'nope'));
    expect(unknownTemplate.body.error.code).toBe(132001);
    const sent = await send(template(['Ali', 'KD-1001']));
    expect(sent.status).toBe(200);
    expect(sent.body.messages[0]).toMatchObject({ message_status: 'accepted' });
    const conv = (await ok(api, stranger.auth, START, { b: businessId })).startBusinessConversation.id;
    const got = (await ok(api, stranger.auth, HISTORY, { c: conv })).messages.messages;
    expect(got.at(-1).content.body).toBe('Order update\n\nHi Ali, your order KD-1001 is ready for pickup.\n\nKedai');

    // Once the shopper answers, free-form opens.
    await ok(api, stranger.auth, SEND, { c: conv, id: 'reply-1', content: { text: { body: 'Coming!' } } });
    expect((await send({ to, type: 'text', text: { body: 'See you' } })).status).toBe(200);
    // …and closes again 24 hours after their last message.
    await (
      await env.sql()
    ).query(`update message set created_at = now() - interval '25 hours' where conversation_id = $1`, [conv]);
    expect((await send({ to, type: 'text', text: { body: 'Still there?' } })).body.error.code).toBe(131047);
  });

  it('reviews templates outside development: pending, then approved or rejected by the worker', async () => {
    const reviewApi = await env.api({
      env: { WHATSAPP_TEMPLATE_APPROVAL: 'review', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' },
    });
    const worker = await env.worker();
    try {
      const create = (name: string, text: string) =>
        request(reviewApi.getHttpServer())
          .post(`/v23.0/${channel.wabaId}/message_templates`)
          .set('authorization', `Bearer ${key}`)
          .send({ name, language: 'en', category: 'MARKETING', components: [{ type: 'BODY', text }] });
      const good = await create('weekly_deal', 'This week: {{1}} off all kopi');
      const bad = await create('adjacent_params', 'Hello {{1}} {{2}} friend');
      expect(good.body.status).toBe('PENDING');
      expect(bad.body.status).toBe('PENDING');
      const statusOf = async (name: string) =>
        (await (await env.sql()).query('select status, rejected_reason from whatsapp_template where name = $1', [name])).rows[0];
      for (let i = 0; i < 200 && (await statusOf('weekly_deal')).status === 'PENDING'; i++)
        await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 200 && (await statusOf('adjacent_params')).status === 'PENDING'; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await statusOf('weekly_deal')).toEqual({ status: 'APPROVED', rejected_reason: null });
      expect(await statusOf('adjacent_params')).toMatchObject({
        status: 'REJECTED',
        rejected_reason: expect.stringContaining('side by side'),
      });
    } finally {
      await env.stop(worker);
      await env.stop(reviewApi);
    }
  });

  it('uploads media and answers its url, mime type, sha256 and size; sends images by id and by link', async () => {
    const png = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#2e86de' } })
      .png()
      .toBuffer();
    const up = await request(api.getHttpServer())
      .post(`/v23.0/${channel.phoneNumberId}/media`)
      .set('authorization', `Bearer ${key}`)
      .field('messaging_product', 'whatsapp')
      .field('type', 'image/png')
      .attach('file', png, 'p.png');
    expect(up.status).toBe(200);
    const mediaId = up.body.id as string;
    const info = await request(api.getHttpServer()).get(`/v23.0/${mediaId}`).set('authorization', `Bearer ${key}`);
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({
      messaging_product: 'whatsapp',
      id: mediaId,
      mime_type: 'image/jpeg',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const file = await request(api.getHttpServer()).get(new URL(info.body.url).pathname).buffer(true);
    expect(file.status).toBe(200);
    expect((file.body as Buffer).length).toBe(info.body.file_size);
    expect(createHash('sha256').update(file.body).digest('hex')).toBe(info.body.sha256);
    expect(
      (
        await request(api.getHttpServer())
          .get(`/v23.0/${mediaId}`)
          .set('authorization', `Bearer ${'kd_000000000000_' + 'y'.repeat(43)}`)
      ).body.error.code,
    ).toBe(190);

    const byId = await send({ to: waId(shopper), type: 'image', image: { id: mediaId, caption: 'Our new blend' } });
    expect(byId.status).toBe(200);
    expect(await last()).toMatchObject({ kind: 'IMAGE', content: { mediaId, caption: 'Our new blend' } });

    // A photo on someone else's server, as bots usually send them.
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(png));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const link = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kopi.png`;
    const byLink = await send({ to: waId(shopper), type: 'image', image: { link } });
    expect(byLink.status).toBe(200);
    const stored = await last();
    expect(stored).toMatchObject({ kind: 'IMAGE' });
    expect(stored.content.mediaId).not.toBe(mediaId);
    server.close();

    const text = await request(api.getHttpServer())
      .post(`/v23.0/${channel.phoneNumberId}/media`)
      .set('authorization', `Bearer ${key}`)
      .attach('file', Buffer.from('%PDF-1.4'), { filename: 'a.pdf', contentType: 'application/pdf' });
    expect(text.body.error.code).toBe(131053);
  });

  it('marks the shopper’s messages read with {"status":"read"}', async () => {
    const [hello] = await history();
    const wamid = `wamid.${Buffer.from(hello.id.replace(/-/g, ''), 'hex').toString('base64url')}`;
    const read = await send({ status: 'read', message_id: wamid });
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ messaging_product: 'whatsapp', success: true });
    const row = await (await env.sql()).query('select business_read_seq from conversation where id = $1', [conversationId]);
    expect(Number(row.rows[0].business_read_seq)).toBeGreaterThanOrEqual(hello.seq);
    expect((await send({ status: 'read', message_id: 'wamid.nothing' })).body.error.code).toBe(131009);
  });

  it('rate-limits one business writing to one shopper (131056)', async () => {
    const limited = await env.api({
      env: { WHATSAPP_PAIR_LIMIT: '2', RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' },
    });
    try {
      const results = [];
      for (let i = 0; i < 4; i++)
        results.push(
          await request(limited.getHttpServer())
            .post(`/v23.0/${channel.phoneNumberId}/messages`)
            .set('authorization', `Bearer ${key}`)
            .send({
              messaging_product: 'whatsapp',
              to: waId(merchant),
              type: 'template',
              template: {
                name: 'order_ready',
                language: { code: 'en_US' },
                components: [
                  {
                    type: 'body',
                    parameters: [
                      { type: 'text', text: 'A' },
                      { type: 'text', text: 'B' },
                    ],
                  },
                ],
              },
            }),
        );
      expect(results.map((r) => [r.status, r.body.error?.code])).toEqual([
        [200, undefined],
        [200, undefined],
        [429, 131056],
        [429, 131056],
      ]);
      expect(results[2].body.error.code).toBe(131056);
    } finally {
      await env.stop(limited);
    }
  });

  it('shows new kinds through GraphQL and lets shoppers send them too', async () => {
    const [first] = await history();
    const res = await gql(
      api,
      SEND,
      { c: conversationId, id: 'react-1', content: { reaction: { messageId: first.id, emoji: '❤️' } } },
      shopper.auth,
    );
    expect(res.body.errors).toBeUndefined();
    const bad = await gql(
      api,
      SEND,
      {
        c: conversationId,
        id: 'react-2',
        content: { reaction: { messageId: '00000000-0000-4000-8000-000000000000', emoji: '❤️' } },
      },
      shopper.auth,
    );
    expect(bad.body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
  });
});
