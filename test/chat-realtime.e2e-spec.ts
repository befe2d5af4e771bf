import type { INestApplication } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { ok } from './support/business-access';
import { collect, listen, socketClient } from './support/sockets';
import { eventually, TestEnv } from './support/test-env';

const SEND = `mutation($c: ID!, $id: String!, $body: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $body } }) { seq } }`;
const START_DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const EVENTS = `subscription($c: ID!, $after: Int) { conversationEvents(conversationId: $c, afterSeq: $after) {
  type conversationId personId typing readSeq message { seq content { ... on TextContent { body } } } } }`;
const ALL = `subscription { chatEvents { type conversationId change message { seq } } }`;
const TYPING = `mutation($c: ID!) { setTyping(conversationId: $c, typing: true) }`;
const READ = `mutation($c: ID!, $s: Int!) { markRead(conversationId: $c, seq: $s) { readSeq } }`;

interface Event {
  type: string;
  conversationId: string;
  personId?: string;
  readSeq?: number;
  change?: string;
  message?: { seq: number; content?: { body: string } };
}
const pick = (key: string) => (data: Record<string, unknown>) => data[key] as Event;
const seqs = (events: Event[]) => events.filter((e) => e.type === 'MESSAGE').map((e) => e.message!.seq);

/**
 * Real time across two API processes behind a balancer: a subscriber on one hears what is sent on
 * the other (Redis pub/sub), catches up after a reconnect with nothing lost or repeated, and a
 * socket without credentials is refused when it opens.
 */
describe('chat in real time, across two API processes', () => {
  let env: TestEnv;
  let one: INestApplication;
  let two: INestApplication;
  let urlTwo: string;
  let alice: SignedIn;
  let bob: SignedIn;
  let chat: string;
  let n = 0;
  const send = (who: SignedIn, api: INestApplication, body: string) =>
    ok(api, who.auth, SEND, { c: chat, id: `rt-${(n += 1)}`, body }).then((d) => d.sendMessage.seq as number);

  beforeAll(async () => {
    env = await TestEnv.create();
    const limits = { env: { RATE_LIMIT_PER_IP: '1000000', RATE_LIMIT_PER_ACCOUNT: '1000000' } };
    one = await env.api(limits);
    two = await env.api(limits);
    // And two workers, as deployed: they relay the messages' fallback announcements, which must
    // never reach a subscriber as a second copy.
    await env.workers(2);
    await listen(one);
    urlTwo = await listen(two);
    [alice, bob] = await Promise.all([signIn(env, one), signIn(env, one)]);
    chat = (await ok(one, alice.auth, START_DIRECT, { p: bob.personId })).startDirectConversation.id;
  });
  afterAll(() => env.close());

  it('a message sent on one process reaches a subscriber on the other, with typing and read receipts', async () => {
    const client = socketClient(urlTwo, bob.auth.authorization);
    const events = collect(client, EVENTS, { c: chat }, pick('conversationEvents'));
    try {
      // The subscription is live once an event sent after it arrives; typing is such an event.
      await eventually(async () => {
        await ok(one, alice.auth, TYPING, { c: chat });
        return events.items.some((e) => e.type === 'TYPING');
      }, 'the subscription to start');
      const seq = await send(alice, one, 'from process one');
      await eventually(() => Promise.resolve(seqs(events.items).includes(seq)), 'the message on process two');
      expect(events.items.find((e) => e.message?.seq === seq)?.message?.content?.body).toBe('from process one');
      await ok(one, bob.auth, READ, { c: chat, s: seq });
      await eventually(
        () => Promise.resolve(events.items.some((e) => e.type === 'RECEIPT' && e.readSeq === seq)),
        'the read receipt',
      );
      expect(events.errors).toEqual([]);
    } finally {
      events.stop();
      await client.dispose();
    }
  });

  it('a client that reconnects with its last sequence number gets everything after it, once, in order', async () => {
    const first = await send(alice, one, 'before the drop');
    // Offline: these are sent while bob has no socket.
    const missed = [await send(alice, one, 'missed 1'), await send(bob, one, 'missed 2'), await send(alice, two, 'missed 3')];
    const client = socketClient(urlTwo, bob.auth.authorization);
    const events = collect(client, EVENTS, { c: chat, after: first }, pick('conversationEvents'));
    try {
      await eventually(() => Promise.resolve(seqs(events.items).length >= missed.length), 'the catch-up');
      // Live again, and while catching up others keep sending on both processes.
      const live = await Promise.all([send(alice, one, 'live a'), send(alice, two, 'live b')]);
      const expected = [...missed, ...live].sort((a, b) => a - b);
      await eventually(() => Promise.resolve(seqs(events.items).length >= expected.length), 'the live messages');
      await new Promise((r) => setTimeout(r, 200)); // anything repeated would have arrived by now
      expect(seqs(events.items)).toEqual(Array.from({ length: expected.length }, (_, i) => first + 1 + i));
      expect(events.errors).toEqual([]);
    } finally {
      events.stop();
      await client.dispose();
    }
  });

  it('chatEvents follows every conversation of the person, including one started after subscribing', async () => {
    const carol = await signIn(env, one);
    const client = socketClient(urlTwo, bob.auth.authorization);
    const events = collect(client, ALL, {}, pick('chatEvents'));
    try {
      await eventually(async () => {
        await ok(one, alice.auth, TYPING, { c: chat });
        return events.items.some((e) => e.conversationId === chat);
      }, 'the subscription to start');
      const fresh = (await ok(one, carol.auth, START_DIRECT, { p: bob.personId })).startDirectConversation.id as string;
      await eventually(
        () => Promise.resolve(events.items.some((e) => e.conversationId === fresh && e.type === 'CONVERSATION')),
        'the new conversation',
      );
      await ok(one, carol.auth, SEND, { c: fresh, id: 'carol-1', body: 'hello bob' });
      await eventually(
        () => Promise.resolve(events.items.some((e) => e.conversationId === fresh && e.type === 'MESSAGE')),
        'its message',
      );
    } finally {
      events.stop();
      await client.dispose();
    }
  });

  it('refuses a socket without valid credentials when it opens, and a subscription to someone else’s conversation', async () => {
    for (const authorization of [undefined, 'Bearer not-a-token']) {
      const client = socketClient(urlTwo, authorization);
      const events = collect(client, EVENTS, { c: chat }, pick('conversationEvents'));
      await events.done;
      expect(events.items).toEqual([]);
      expect(String((events.errors[0] as { code?: number; reason?: string })?.code)).toBe('4403');
      await client.dispose();
    }
    const stranger = await signIn(env, one);
    const client = socketClient(urlTwo, stranger.auth.authorization);
    const events = collect(client, EVENTS, { c: chat }, pick('conversationEvents'));
    await events.done;
    expect(JSON.stringify(events.errors)).toContain('FORBIDDEN');
    await client.dispose();
  });
});
