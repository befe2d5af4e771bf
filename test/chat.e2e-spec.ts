import type { INestApplication } from '@nestjs/common';
import sharp from 'sharp';
import request from 'supertest';
import { RequestContext } from '@kedai/core';
import { OrphanCleanupService } from '@kedai/media';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { gql, TestEnv } from './support/test-env';

const MESSAGE_FIELDS = `id seq kind senderKind clientMessageId deletedAt status receipts { personId businessId state }
  content { __typename ... on TextContent { body } ... on ProductContent { productId } ... on InteractiveContent { type body buttons { id title } }
    ... on InteractiveReplyContent { id title replyToMessageId } ... on SystemContent { event text } }`;
const SEND = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) { ${MESSAGE_FIELDS} } }`;
const HISTORY = `query($c: ID!, $after: Int, $before: Int, $first: Int) { messages(conversationId: $c, afterSeq: $after, beforeSeq: $before, first: $first) { hasMore messages { ${MESSAGE_FIELDS} } } }`;
const START_BUSINESS = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id kind businessId handler unreadCount lastSeq } }`;
const START_DIRECT = `mutation($p: ID, $phone: String) { startDirectConversation(personId: $p, phone: $phone) { id kind members { personId role } } }`;
const CREATE_GROUP = `mutation($t: String!, $m: [ID!]!) { createGroup(title: $t, memberIds: $m) { id kind title members { personId role } } }`;
const ADD = `mutation($c: ID!, $p: [ID!]!) { addGroupMembers(conversationId: $c, personIds: $p) { id members { personId } } }`;
const REMOVE = `mutation($c: ID!, $p: ID!) { removeGroupMember(conversationId: $c, personId: $p) { id } }`;
const LEAVE = `mutation($c: ID!) { leaveGroup(conversationId: $c) { id } }`;
const LIST = `query($archived: Boolean) { conversations(archived: $archived) { conversations { id kind lastSeq unreadCount lastMessagePreview muted archived } } }`;
const INBOX = `query($b: ID!) { businessInbox(businessId: $b) { conversations { id unreadCount lastMessagePreview } } }`;
const READ = `mutation($c: ID!, $s: Int!) { markRead(conversationId: $c, seq: $s) { readSeq unreadCount } }`;
const DELIVERED = `mutation($c: ID!, $s: Int!) { markDelivered(conversationId: $c, seq: $s) { readSeq unreadCount } }`;
const DELETE = `mutation($m: ID!) { deleteMessage(messageId: $m) { id seq deletedAt content { __typename } } }`;
const PREFS = `mutation($c: ID!, $muted: Boolean, $archived: Boolean) { setConversationPreferences(conversationId: $c, muted: $muted, archived: $archived) { id muted archived } }`;
const HANDLER = `mutation($c: ID!, $agent: Boolean!) { setConversationHandler(conversationId: $c, agent: $agent) { handler handlerPersonId } }`;
const CREATE_PRODUCT = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id } }`;

let n = 0;
const cid = () => `client-${process.pid}-${(n += 1)}`;
const text = (body: string) => ({ text: { body } });

describe('chat: conversations, typed messages, order, read states', () => {
  let env: TestEnv;
  let api: INestApplication;
  let shopper: SignedIn;
  let merchant: SignedIn;
  let friend: SignedIn;
  let stranger: SignedIn;
  let shop: { id: string; handle: string };

  const count = async (sql: string, params: unknown[] = []) => Number((await (await env.sql()).query(sql, params)).rows[0].n);
  const send = async (who: SignedIn, c: string, content: Record<string, unknown>, id = cid()) =>
    (await ok(api, who.auth, SEND, { c, id, content })).sendMessage;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } });
    [shopper, merchant, friend, stranger] = await Promise.all([
      signIn(env, api),
      signIn(env, api),
      signIn(env, api),
      signIn(env, api),
    ]);
    shop = (await ok(api, merchant.auth, OPS.create, { input: businessInput() })).createBusiness;
  });
  afterAll(() => env.close());

  describe('conversation kinds', () => {
    it('a shopper and a business: one per pair, made on first contact, answered by the business’s people', async () => {
      const first = (await ok(api, shopper.auth, START_BUSINESS, { b: shop.id })).startBusinessConversation;
      const again = (await ok(api, shopper.auth, START_BUSINESS, { b: shop.id })).startBusinessConversation;
      expect(again.id).toBe(first.id);
      expect(first).toMatchObject({ kind: 'BUSINESS', businessId: shop.id, handler: 'BOT', unreadCount: 0 });
      await send(shopper, first.id, text('Hi, is the kopi fresh?'));
      const reply = await send(merchant, first.id, text('Roasted this morning'));
      expect(reply).toMatchObject({ seq: 2, senderKind: 'BUSINESS' });
      const inbox = (await ok(api, merchant.auth, INBOX, { b: shop.id })).businessInbox.conversations;
      expect(inbox).toEqual([{ id: first.id, unreadCount: 0, lastMessagePreview: 'Roasted this morning' }]);
      expect((await refusal(api, stranger.auth, SEND, { c: first.id, id: cid(), content: text('hi') })).extensions.code).toBe(
        'FORBIDDEN',
      );
      const taken = (await ok(api, merchant.auth, HANDLER, { c: first.id, agent: true })).setConversationHandler;
      expect(taken).toEqual({ handler: 'AGENT', handlerPersonId: merchant.personId });
    });

    it('two people: one conversation, by id or by phone', async () => {
      const byId = (await ok(api, shopper.auth, START_DIRECT, { p: friend.personId })).startDirectConversation;
      const byPhone = (await ok(api, friend.auth, START_DIRECT, { phone: shopper.phone })).startDirectConversation;
      expect(byPhone.id).toBe(byId.id);
      expect(byId.members.map((m: { personId: string }) => m.personId).sort()).toEqual(
        [shopper.personId, friend.personId].sort(),
      );
      expect((await refusal(api, shopper.auth, START_DIRECT, { p: shopper.personId })).extensions.code).toBe('BAD_USER_INPUT');
    });

    it('groups: admins add and remove, members leave, and the group says so', async () => {
      const group = (await ok(api, shopper.auth, CREATE_GROUP, { t: 'Makan kaki', m: [friend.personId] })).createGroup;
      expect(group.members).toEqual(
        expect.arrayContaining([
          { personId: shopper.personId, role: 'ADMIN' },
          { personId: friend.personId, role: 'MEMBER' },
        ]),
      );
      expect((await refusal(api, friend.auth, ADD, { c: group.id, p: [stranger.personId] })).extensions.code).toBe('FORBIDDEN');
      await ok(api, shopper.auth, ADD, { c: group.id, p: [stranger.personId] });
      await ok(api, shopper.auth, REMOVE, { c: group.id, p: stranger.personId });
      expect((await refusal(api, stranger.auth, HISTORY, { c: group.id })).extensions.code).toBe('FORBIDDEN');
      await ok(api, friend.auth, LEAVE, { c: group.id });
      const notices = (await ok(api, shopper.auth, HISTORY, { c: group.id })).messages.messages;
      expect(notices.map((m: { content: { event: string } }) => m.content.event)).toEqual([
        'group_created',
        'members_added',
        'member_removed',
        'member_left',
      ]);
      expect((await refusal(api, shopper.auth, CREATE_GROUP, { t: 'Alone', m: [shopper.personId] })).extensions.code).toBe(
        'BAD_USER_INPUT',
      );
    });
  });

  describe('messages', () => {
    let chat: string;
    beforeAll(async () => {
      chat = (await ok(api, shopper.auth, START_DIRECT, { p: stranger.personId })).startDirectConversation.id;
    });

    it('refuses a bad payload with INVALID_MESSAGE naming the field, and stores nothing', async () => {
      const before = await count('select count(*) n from message where conversation_id = $1', [chat]);
      const cases: [Record<string, unknown>, string][] = [
        [text('x'.repeat(4097)), 'text.body'],
        [text(''), 'text.body'],
        [{ text: { body: 'two' }, image: { mediaId: '01935d6a-0000-7000-8000-000000000001' } }, 'content'],
        [{}, 'content'],
        [{ image: { mediaId: 'not-an-id' } }, 'image.mediaId'],
        [{ product: { productId: '01935d6a-0000-7000-8000-000000000001' } }, 'product'],
        [{ interactive: { type: 'BUTTON', body: 'Pick' } }, 'interactive.buttons'],
        [
          { interactiveReply: { replyToMessageId: '01935d6a-0000-7000-8000-000000000001', id: 'a', title: 'A' } },
          'interactiveReply.replyToMessageId',
        ],
      ];
      for (const [content, field] of cases) {
        const err = await refusal(api, shopper.auth, SEND, { c: chat, id: cid(), content });
        expect({ field, code: err.extensions.code }).toEqual({ field, code: 'INVALID_MESSAGE' });
        expect((err.extensions.fields as { field: string }[]).map((f) => f.field)).toContain(field);
      }
      expect(await count('select count(*) n from message where conversation_id = $1', [chat])).toBe(before);
    });

    it('takes text at 4,096 characters, like WhatsApp', async () => {
      expect((await send(shopper, chat, text('x'.repeat(4096)))).kind).toBe('TEXT');
    });

    it('FORBIDDEN for someone not in it, NOT_FOUND for a conversation that does not exist', async () => {
      expect((await refusal(api, friend.auth, SEND, { c: chat, id: cid(), content: text('hi') })).extensions.code).toBe(
        'FORBIDDEN',
      );
      expect((await refusal(api, friend.auth, HISTORY, { c: chat })).extensions.code).toBe('FORBIDDEN');
      const missing = '01935d6a-0000-7000-8000-00000000beef';
      expect((await refusal(api, shopper.auth, SEND, { c: missing, id: cid(), content: text('hi') })).extensions.code).toBe(
        'NOT_FOUND',
      );
      expect((await refusal(api, {}, SEND, { c: chat, id: cid(), content: text('hi') })).extensions.code).toBe('UNAUTHENTICATED');
    });

    it('a retried send with the same client message id returns the first message, even 20 at once', async () => {
      const id = cid();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => gql(api, SEND, { c: chat, id, content: text('once') }, shopper.auth)),
      );
      const ids = new Set(answers.map((a) => a.body.data.sendMessage.id as string));
      expect(ids.size).toBe(1);
      expect(
        await count('select count(*) n from message where conversation_id = $1 and client_message_id = $2', [chat, id]),
      ).toBe(1);
    });

    it('numbers messages 1, 2, 3… with no gap and no repeat under 50 concurrent senders', async () => {
      const group = (await ok(api, shopper.auth, CREATE_GROUP, { t: 'Busy', m: [friend.personId, merchant.personId] }))
        .createGroup.id;
      const senders = [shopper, friend, merchant];
      const sent = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          gql(api, SEND, { c: group, id: `busy-${i}`, content: text(`m${i}`) }, senders[i % 3].auth),
        ),
      );
      expect(sent.every((r) => !r.body.errors)).toBe(true);
      const all = [];
      for (let after = 0; ;) {
        const page = (await ok(api, shopper.auth, HISTORY, { c: group, after, first: 20 })).messages;
        all.push(...page.messages);
        if (!page.hasMore) break;
        after = page.messages.at(-1).seq;
      }
      expect(all.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1)); // + the "created" notice
      expect(new Set(all.map((m: { id: string }) => m.id)).size).toBe(51);
    });

    it('pages history back from the latest', async () => {
      const latest = (await ok(api, shopper.auth, HISTORY, { c: chat, first: 2 })).messages;
      const older = (await ok(api, shopper.auth, HISTORY, { c: chat, before: latest.messages[0].seq, first: 100 })).messages;
      expect([...older.messages, ...latest.messages].map((m: { seq: number }) => m.seq)).toEqual(
        Array.from({ length: older.messages.length + 2 }, (_, i) => i + 1),
      );
    });
  });

  describe('read states', () => {
    it('moves unread counts and per-recipient states: sent, delivered, read', async () => {
      const group = (await ok(api, shopper.auth, CREATE_GROUP, { t: 'Marks', m: [friend.personId, stranger.personId] }))
        .createGroup.id;
      const m = await send(shopper, group, text('Who is coming?'));
      expect(m.status).toBe('SENT');
      const unread = async (who: SignedIn) =>
        (await ok(api, who.auth, LIST, {})).conversations.conversations.find((c: { id: string }) => c.id === group).unreadCount;
      expect(await unread(friend)).toBe(2);
      expect(await unread(shopper)).toBe(0);
      expect((await ok(api, friend.auth, DELIVERED, { c: group, s: m.seq })).markDelivered).toEqual({
        readSeq: 0,
        unreadCount: 2,
      });
      expect((await ok(api, friend.auth, READ, { c: group, s: 999 })).markRead).toEqual({ readSeq: m.seq, unreadCount: 0 });
      const [mine] = (await ok(api, shopper.auth, HISTORY, { c: group, after: m.seq - 1 })).messages.messages;
      expect(mine.receipts).toEqual(
        expect.arrayContaining([
          { personId: friend.personId, businessId: null, state: 'READ' },
          { personId: stranger.personId, businessId: null, state: 'SENT' },
        ]),
      );
      expect(mine.status).toBe('SENT'); // read by one of two: not read by the group yet
      await ok(api, stranger.auth, READ, { c: group, s: m.seq });
      expect((await ok(api, shopper.auth, HISTORY, { c: group, after: m.seq - 1 })).messages.messages[0].status).toBe('READ');
      // Marks never go back.
      expect((await ok(api, friend.auth, READ, { c: group, s: 1 })).markRead.readSeq).toBe(m.seq);
    });

    it('lists conversations by last activity, with mute and archive per person', async () => {
      const list = (await ok(api, shopper.auth, LIST, {})).conversations.conversations;
      const seqOrder = list.map((c: { id: string }) => c.id);
      expect(seqOrder.length).toBeGreaterThan(3);
      const [top] = list;
      await ok(api, shopper.auth, PREFS, { c: top.id, muted: true, archived: true });
      const after = (await ok(api, shopper.auth, LIST, {})).conversations.conversations;
      expect(after.map((c: { id: string }) => c.id)).not.toContain(top.id);
      const archived = (await ok(api, shopper.auth, LIST, { archived: true })).conversations.conversations;
      expect(archived).toEqual([expect.objectContaining({ id: top.id, muted: true, archived: true })]);
    });
  });

  it('deleting for everyone leaves a tombstone in its place; only the sender may', async () => {
    const chat = (await ok(api, friend.auth, START_DIRECT, { p: merchant.personId })).startDirectConversation.id;
    const m = await send(friend, chat, text('oops'));
    expect((await refusal(api, merchant.auth, DELETE, { m: m.id })).extensions.code).toBe('FORBIDDEN');
    const gone = (await ok(api, friend.auth, DELETE, { m: m.id })).deleteMessage;
    expect(gone).toMatchObject({ id: m.id, seq: m.seq, content: null });
    expect(gone.deletedAt).toBeTruthy();
    const [seen] = (await ok(api, merchant.auth, HISTORY, { c: chat })).messages.messages;
    expect(seen).toMatchObject({ id: m.id, content: null });
    expect((await (await env.sql()).query('select payload from message where id = $1', [m.id])).rows[0].payload).toEqual({});
  });

  it('business messages: products, interactive buttons and their replies', async () => {
    const photo = await uploadPhoto(api, merchant.auth, shop.id);
    const productId = (
      await ok(api, merchant.auth, CREATE_PRODUCT, {
        b: shop.id,
        input: { retailerId: 'CHAT-1', name: 'Kopi', price: '500', currency: 'MYR', photos: [photo] },
      })
    ).createProduct.id;
    const chat = (await ok(api, shopper.auth, START_BUSINESS, { b: shop.id })).startBusinessConversation.id;
    expect((await send(merchant, chat, { product: { productId } })).content).toEqual({ __typename: 'ProductContent', productId });
    const ask = await send(merchant, chat, {
      interactive: {
        type: 'BUTTON',
        body: 'Hot or iced?',
        buttons: [
          { id: 'hot', title: 'Hot' },
          { id: 'iced', title: 'Iced' },
        ],
      },
    });
    const reply = await send(shopper, chat, { interactiveReply: { replyToMessageId: ask.id, id: 'iced', title: 'Iced' } });
    expect(reply.content).toMatchObject({ __typename: 'InteractiveReplyContent', id: 'iced' });
    const wrong = await refusal(api, shopper.auth, SEND, {
      c: chat,
      id: cid(),
      content: { interactiveReply: { replyToMessageId: ask.id, id: 'lukewarm', title: 'Lukewarm' } },
    });
    expect(wrong.extensions).toMatchObject({ code: 'INVALID_MESSAGE', fields: [{ field: 'interactiveReply.id' }] });
    // Only businesses send interactive messages.
    const fromShopper = await refusal(api, shopper.auth, SEND, {
      c: chat,
      id: cid(),
      content: { interactive: { type: 'BUTTON', body: 'Pick', buttons: [{ id: 'a', title: 'A' }] } },
    });
    expect(fromShopper.extensions.code).toBe('INVALID_MESSAGE');
    const tooMany = await refusal(api, merchant.auth, SEND, {
      c: chat,
      id: cid(),
      content: { interactive: { type: 'BUTTON', body: 'Pick', buttons: ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id })) } },
    });
    expect(tooMany.extensions).toMatchObject({ code: 'INVALID_MESSAGE' });
  });

  it('image messages: the sender’s own photo, with its URLs, attached so the cleanup keeps it; anyone else’s is refused', async () => {
    const SEND_IMAGE = `mutation($c: ID!, $id: String!, $content: MessageInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: $content) {
      seq kind content { __typename ... on ImageContent { mediaId caption photo { id width height thumbnail { webp jpeg } large { webp jpeg } } } } } }`;
    const personalPhoto = async (who: SignedIn): Promise<string> => {
      const jpeg = await sharp({ create: { width: 90, height: 60, channels: 3, background: '#16a085' } })
        .jpeg()
        .toBuffer();
      const res = await request(api.getHttpServer()).post('/media').set(who.auth).attach('file', jpeg, 'me.jpg');
      expect(res.status).toBe(201);
      return (res.body as { id: string }).id;
    };
    const row = async (id: string) =>
      (await (await env.sql()).query('select status, business_id, uploaded_by from media_asset where id = $1', [id])).rows[0];

    const chat = (await ok(api, shopper.auth, START_DIRECT, { p: friend.personId })).startDirectConversation.id;
    const mine = await personalPhoto(shopper);
    const unsent = await personalPhoto(shopper);
    const theirs = await personalPhoto(friend);
    expect(await row(mine)).toEqual({ status: 'pending', business_id: null, uploaded_by: shopper.personId });

    const sent = (
      await ok(api, shopper.auth, SEND_IMAGE, { c: chat, id: cid(), content: { image: { mediaId: mine, caption: 'Makan!' } } })
    ).sendMessage;
    expect(sent).toMatchObject({
      kind: 'IMAGE',
      content: {
        __typename: 'ImageContent',
        mediaId: mine,
        caption: 'Makan!',
        photo: {
          id: mine,
          width: 90,
          height: 60,
          thumbnail: { webp: `/media/${mine}/thumbnail.webp`, jpeg: `/media/${mine}/thumbnail.jpeg` },
          large: { webp: `/media/${mine}/large.webp`, jpeg: `/media/${mine}/large.jpeg` },
        },
      },
    });
    expect(await row(mine)).toMatchObject({ status: 'attached' });

    // Another person’s photo, the business’s photo, or an unknown id: INVALID_MESSAGE, nothing stored or attached.
    const before = await count('select count(*) n from message where conversation_id = $1', [chat]);
    const shopPhoto = await uploadPhoto(api, merchant.auth, shop.id);
    for (const mediaId of [theirs, shopPhoto, '01935d6a-0000-7000-8000-00000000cafe']) {
      const err = await refusal(api, shopper.auth, SEND, { c: chat, id: cid(), content: { image: { mediaId } } });
      expect(err.extensions).toMatchObject({ code: 'INVALID_MESSAGE', fields: [{ field: 'image.mediaId' }] });
    }
    expect(await count('select count(*) n from message where conversation_id = $1', [chat])).toBe(before);
    expect(await row(theirs)).toMatchObject({ status: 'pending' });

    // The business side sends the business’s photos (not its agent’s own).
    const shopChat = (await ok(api, shopper.auth, START_BUSINESS, { b: shop.id })).startBusinessConversation.id;
    expect(
      (await ok(api, merchant.auth, SEND_IMAGE, { c: shopChat, id: cid(), content: { image: { mediaId: shopPhoto } } }))
        .sendMessage,
    ).toMatchObject({ content: { photo: { id: shopPhoto } } });
    expect(await row(shopPhoto)).toMatchObject({ status: 'attached' });
    const agentOwn = await personalPhoto(merchant);
    const err = await refusal(api, merchant.auth, SEND, { c: shopChat, id: cid(), content: { image: { mediaId: agentOwn } } });
    expect(err.extensions).toMatchObject({ code: 'INVALID_MESSAGE', fields: [{ field: 'image.mediaId' }] });

    // A day later the cleanup deletes the photo nobody sent and keeps the ones messages show.
    await api.get(OrphanCleanupService).clean(RequestContext.system('test'), new Date(Date.now() + 30 * 86_400_000));
    expect(await row(unsent)).toBeUndefined();
    expect(await row(mine)).toMatchObject({ status: 'attached' });
    await request(api.getHttpServer()).get(`/media/${mine}/thumbnail.webp`).expect(200);
    const [shown] = (await ok(api, friend.auth, HISTORY, { c: chat, after: sent.seq - 1, first: 1 })).messages.messages;
    expect(shown).toMatchObject({ seq: sent.seq, kind: 'IMAGE' });
  });
});
