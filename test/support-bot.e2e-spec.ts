import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { QueueRegistry } from '@kedai/core';
import { KEDAI_SUPPORT_BUSINESS_ID } from '@kedai/support';
import { signIn, type SignedIn } from './support/auth';
import { ok } from './support/business-access';
import { addCard, CARDS, merchant, must, shopper } from './payments-helpers';
import { eventually, gql, TestEnv } from './support/test-env';

const SEND = `mutation($c: ID!, $id: String!, $b: String!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $b } }) { id seq } }`;
const TAP = `mutation($c: ID!, $id: String!, $r: InteractiveReplyContentInput!) { sendMessage(conversationId: $c, clientMessageId: $id, content: { interactiveReply: $r }) { id seq } }`;
const HISTORY = `query($c: ID!) { messages(conversationId: $c, first: 100) { messages { id seq kind senderKind
  content { __typename ... on TextContent { body } ... on InteractiveContent { body buttons { id title } sections { rows { id title } } }
    ... on CatalogContent { body } ... on ProductListContent { body } } } } }`;
const QUEUE = `query($b: ID!) { supportQueue(businessId: $b) { id conversationId status reason intent language summary agentId waitingSeconds } }`;
const CLAIM = `mutation($h: ID!) { claimConversation(handoffId: $h) { id status agentId } }`;
const RESOLVE = `mutation($h: ID!) { resolveConversation(handoffId: $h) { id status } }`;
const HAND_BACK = `mutation($h: ID!) { handBackConversation(handoffId: $h) { id status } }`;
const NOTE = `mutation($h: ID!, $b: String!) { addSupportNote(handoffId: $h, body: $b) { id body } }`;
const NOTES = `query($h: ID!) { supportNotes(handoffId: $h) { body authorId } }`;
const FIGURES = `query($b: ID!) { supportFigures(businessId: $b) { answered handoffs resolved botResolutionRate medianWaitSeconds } }`;
const START_SUPPORT = `mutation { startSupportConversation { conversationId businessId } }`;
const START_BUSINESS = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`;
const ADD_FAQ = `mutation($b: ID!, $e: SupportFaqInput!) { addSupportFaq(businessId: $b, entry: $e) { id language questions keywords } }`;
const PREVIEW = `query($b: ID!, $t: String!) { supportPreview(businessId: $b, text: $t) { intent confidence language angry reply handoff
  entities { orderRefs amounts { amountMinor currency } dates { date } } } }`;
const DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const SEND_MONEY = `mutation($c: ID!, $a: String!, $k: String!) { sendMoney(conversationId: $c, amount: $a, currency: "MYR", idempotencyKey: $k) { id status } }`;
const UPDATE_BUSINESS = `mutation($b: ID!, $i: UpdateBusinessInput!) { updateBusiness(businessId: $b, input: $i) { id } }`;
const SET_BOT = `mutation($b: ID!, $on: Boolean!) { setSupportBot(businessId: $b, enabled: $on) }`;

type Msg = { id: string; seq: number; kind: string; senderKind: string; content: Record<string, unknown> & { body?: string } };

/**
 * The customer-service bot end to end: shoppers write through the API, the worker's bot answers
 * in the conversation (in the shopper's language), hands over to agents, who claim, reply and
 * resolve through the API.
 */
describe('support bot', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let n = 0;
  const key = () => `support-${process.pid}-${(n += 1)}`;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    worker = await env.worker();
  });
  afterAll(() => env.close());

  const history = async (who: SignedIn, c: string) => (await ok(api, who.auth, HISTORY, { c })).messages.messages as Msg[];
  /** The bot's own answers (texts, buttons, lists, catalogs; not the order updates checkout posts as the bot). */
  const bot = async (who: SignedIn, c: string) =>
    (await history(who, c)).filter((m) => m.senderKind === 'BOT' && m.kind !== 'ORDER_STATUS');

  /** Sends a text and waits for the bot's answer to it (the replies posted after it). */
  async function say(who: SignedIn, c: string, body: string, replies = 1): Promise<Msg[]> {
    const sent = (await ok(api, who.auth, SEND, { c, id: key(), b: body })).sendMessage as { seq: number };
    return eventually(async () => {
      const after = (await bot(who, c)).filter((m) => m.seq > sent.seq);
      return after.length >= replies ? after : null;
    }, `the bot's answer to "${body}"`);
  }

  async function tap(who: SignedIn, c: string, to: Msg, id: string): Promise<Msg[]> {
    const title = [
      ...((to.content.buttons as { id: string; title: string }[] | undefined) ?? []),
      ...((to.content.sections as { rows: { id: string; title: string }[] }[] | undefined) ?? []).flatMap((s) => s.rows),
    ].find((b) => b.id === id)!.title;
    const sent = (await ok(api, who.auth, TAP, { c, id: key(), r: { replyToMessageId: to.id, id, title } })).sendMessage as {
      seq: number;
    };
    return eventually(async () => {
      const after = (await bot(who, c)).filter((m) => m.seq > sent.seq);
      return after.length ? after : null;
    }, `the bot's answer to the tap on ${id}`);
  }

  async function supportAgent(): Promise<SignedIn> {
    const agent = await signIn(env, api);
    await (
      await env.sql()
    ).query(`insert into business_member (id, business_id, person_id, role) values (gen_random_uuid(), $1, $2, 'agent')`, [
      KEDAI_SUPPORT_BUSINESS_ID,
      agent.personId,
    ]);
    return agent;
  }

  it('Kedai Support, in English: greets, starts a PIN reset, hands over on request; an agent claims, replies and resolves', async () => {
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_SUPPORT)).startSupportConversation.conversationId as string;

    const [hello] = await say(s, c, 'hi there');
    expect(hello.kind).toBe('INTERACTIVE');
    expect(hello.content.body).toContain('Kedai Support');

    const [pin] = await say(s, c, 'oh man, I forgot my PIN');
    expect(pin.content.body).toContain(`••${s.phone.slice(-2)}`);

    const [handoff] = await say(s, c, 'I want to talk to a real person');
    expect(handoff.content.body).toMatch(/passing you to a person.*Expected wait/);

    const agent = await supportAgent();
    const queue = (await ok(api, agent.auth, QUEUE, { b: KEDAI_SUPPORT_BUSINESS_ID })).supportQueue as Record<string, unknown>[];
    const mine = queue.find((h) => h.conversationId === c)!;
    expect(mine).toMatchObject({ status: 'WAITING', reason: 'ASKED', intent: 'talk_to_person', language: 'en' });
    expect(mine.summary).toContain('forgot my PIN');

    const claimed = (await ok(api, agent.auth, CLAIM, { h: mine.id })).claimConversation;
    expect(claimed).toMatchObject({ status: 'CLAIMED', agentId: agent.personId });
    await ok(api, agent.auth, NOTE, { h: mine.id, b: 'asked for PIN reset first' });
    await ok(api, agent.auth, SEND, { c, id: key(), b: 'Hello, Sam here from Kedai. How can I help?' });

    // With an agent, the bot stays quiet.
    const sent = (await ok(api, s.auth, SEND, { c, id: key(), b: 'where is my refund?' })).sendMessage as { seq: number };
    await eventually(
      async () =>
        (
          await (
            await env.sql()
          ).query('select 1 from support_answer where conversation_id = $1 and outcome = $2', [c, 'with_agent'])
        ).rowCount === 1,
      'the message recorded as with the agent',
    );
    expect((await bot(s, c)).filter((m) => m.seq > sent.seq)).toEqual([]);
    // Notes are for the agents only.
    expect((await ok(api, agent.auth, NOTES, { h: mine.id })).supportNotes).toEqual([
      { body: 'asked for PIN reset first', authorId: agent.personId },
    ]);
    expect((await gql(api, NOTES, { h: mine.id }, s.auth)).body.errors[0].extensions.code).toBe('NOT_FOUND');

    expect((await ok(api, agent.auth, RESOLVE, { h: mine.id })).resolveConversation.status).toBe('RESOLVED');
    const [back] = await say(s, c, 'thanks!');
    expect(back.content.body).toMatch(/welcome/i);

    const figures = (await ok(api, agent.auth, FIGURES, { b: KEDAI_SUPPORT_BUSINESS_ID })).supportFigures;
    expect(figures).toMatchObject({ handoffs: 1, resolved: 1 });
    expect(figures.answered).toBeGreaterThanOrEqual(1);
  });

  it('two agents claiming at once: exactly one wins, the other gets ALREADY_CLAIMED', async () => {
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    await say(s, c, 'agent please, I need a human');
    const agents = await Promise.all([supportAgent(), supportAgent(), supportAgent()]);
    const handoff = (
      (await ok(api, agents[0].auth, QUEUE, { b: KEDAI_SUPPORT_BUSINESS_ID })).supportQueue as {
        id: string;
        conversationId: string;
      }[]
    ).find((h) => h.conversationId === c)!;
    const results = await Promise.all(agents.map((a) => gql(api, CLAIM, { h: handoff.id }, a.auth)));
    const wins = results.filter((r) => !r.body.errors);
    const losses = results.filter((r) => r.body.errors).map((r) => r.body.errors[0].extensions.code);
    expect(wins).toHaveLength(1);
    expect(losses).toEqual(['ALREADY_CLAIMED', 'ALREADY_CLAIMED']);
    const winner = wins[0].body.data.claimConversation.agentId as string;
    const [row] = (await (await env.sql()).query('select handler, handler_person_id from conversation where id = $1', [c])).rows;
    expect(row).toEqual({ handler: 'agent', handler_person_id: winner });
  });

  it('a business’s bot in Malay: order status by reference, cancel after a confirmation button; nobody else’s order is found', async () => {
    const m = await merchant(env, api);
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    const s = await shopper(env, api);
    const other = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const otherC = (await ok(api, other.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const mineRef = await pendingOrder(s, m.businessId, c);
    const theirsRef = await pendingOrder(other, m.businessId, otherC);

    const [status] = await say(s, c, `apa status pesanan saya ${mineRef}`);
    expect(status.content.body).toContain(mineRef);
    expect(status.content.body).toMatch(/Pesanan/);

    const [leak] = await say(s, c, `mana pesanan ${theirsRef}`);
    expect(leak.content.body).toBe(`Saya tak jumpa pesanan ${theirsRef} dalam akaun anda.`);

    const [confirm] = await say(s, c, `tolong batalkan pesanan ${mineRef}`);
    expect(confirm.kind).toBe('INTERACTIVE');
    const yes = (confirm.content.buttons as { id: string }[])[0].id;
    const [done] = await tap(s, c, confirm, yes);
    expect(done.content.body).toBe(`Pesanan ${mineRef} telah dibatalkan. Tiada caj dikenakan.`);
    const [row] = (await (await env.sql()).query('select status from shop_order where reference_id = $1', [mineRef])).rows;
    expect(row.status).toBe('canceled');
    const [theirs] = (await (await env.sql()).query('select status from shop_order where reference_id = $1', [theirsRef])).rows;
    expect(theirs.status).not.toBe('canceled');
  });

  it('in German: an angry message goes to an agent with the expected wait; the agent hands it back to the bot', async () => {
    const m = await merchant(env, api);
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const [hours] = await say(s, c, 'wann habt ihr geöffnet?');
    expect(hours.content.body).toMatch(/Öffnungszeiten/);
    const [angry] = await say(s, c, 'Das ist eine Frechheit, ich bin wütend, wo ist meine Bestellung');
    expect(angry.content.body).toMatch(/Ich verbinde dich.*Wartezeit/);
    const queue = (await ok(api, m.owner.auth, QUEUE, { b: m.businessId })).supportQueue as Record<string, string>[];
    expect(queue).toHaveLength(1);
    expect(queue[0]).toMatchObject({ reason: 'ANGRY', language: 'de', status: 'WAITING' });
    await ok(api, m.owner.auth, CLAIM, { h: queue[0].id });
    await ok(api, m.owner.auth, SEND, { c, id: key(), b: 'Entschuldigung! Ich schaue sofort nach.' });
    await ok(api, m.owner.auth, HAND_BACK, { h: queue[0].id });
    const [again] = await say(s, c, 'danke schön');
    expect(again.content.body).toMatch(/Gern geschehen/);
  });

  it('in Spanish: not understood twice in a row goes to an agent', async () => {
    const m = await merchant(env, api);
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const [first] = await say(s, c, 'hola, buenos días');
    expect(first.content.body).toMatch(/Soy el asistente/);
    const [miss] = await say(s, c, 'cuéntame un chiste sobre el tiempo que hace');
    expect(miss.content.body).toMatch(/no lo he entendido/);
    const [handed] = await say(s, c, 'qué opinas del partido de fútbol');
    expect(handed.content.body).toMatch(/Te paso con una persona/);
    const queue = (await ok(api, m.owner.auth, QUEUE, { b: m.businessId })).supportQueue as Record<string, string>[];
    expect(queue[0]).toMatchObject({ reason: 'LOW_CONFIDENCE', language: 'es' });
    // The merchant's agent takes it and answers; the shopper reads the answer in the same chat.
    expect((await ok(api, m.owner.auth, CLAIM, { h: queue[0].id })).claimConversation.status).toBe('CLAIMED');
    await ok(api, m.owner.auth, SEND, { c, id: key(), b: 'Hola, soy Lucía. ¿En qué te ayudo?' });
    expect((await history(s, c)).map((msg) => msg.content.body)).toContain('Hola, soy Lucía. ¿En qué te ayudo?');
  });

  it('in Portuguese, outside opening hours: the bot says when the team is back, the place in the queue is kept, an agent answers later', async () => {
    const m = await merchant(env, api);
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    // Open one hour a day, two hours from now (UTC), so it is closed whenever the test runs.
    const opens = (new Date().getUTCHours() + 2) % 24;
    const slot = [
      {
        open: `${String(opens).padStart(2, '0')}:00`,
        close: opens === 23 ? '23:59' : `${String(opens + 1).padStart(2, '0')}:00`,
      },
    ];
    const week = Object.fromEntries(
      ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, slot]),
    );
    await ok(api, m.owner.auth, UPDATE_BUSINESS, { b: m.businessId, i: { timezone: 'UTC', openingHours: week } });
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;

    await ok(api, s.auth, SEND, { c, id: key(), b: 'quero falar com um atendente, por favor' });
    const handedOff = await eventually(
      async () =>
        (await bot(s, c)).find((msg) => /A equipe volta .*você mantém seu lugar na fila/.test(msg.content.body ?? '')) ?? null,
      'the closed-hours handoff in Portuguese',
    );
    expect(handedOff.content.body).toContain(`${String(opens).padStart(2, '0')}:00`);
    const [waiting] = (await ok(api, m.owner.auth, QUEUE, { b: m.businessId })).supportQueue as Record<string, string>[];
    expect(waiting).toMatchObject({ status: 'WAITING', reason: 'ASKED', language: 'pt' });

    // Writing again while waiting neither loses nor duplicates the place, and the bot stays quiet.
    const sent = (await ok(api, s.auth, SEND, { c, id: key(), b: 'olá? ainda estou aqui' })).sendMessage as { seq: number };
    await eventually(
      async () =>
        (await (await env.sql()).query(`select 1 from support_answer where conversation_id = $1 and outcome = 'with_agent'`, [c]))
          .rowCount === 1,
      'the second message recorded as waiting for the agents',
    );
    expect((await bot(s, c)).filter((msg) => msg.seq > sent.seq && /atendente|fila/.test(msg.content.body ?? ''))).toEqual([]);
    const queue = (await ok(api, m.owner.auth, QUEUE, { b: m.businessId })).supportQueue as Record<string, string>[];
    expect(queue.map((h) => [h.id, h.status])).toEqual([[waiting.id, 'WAITING']]);

    await ok(api, m.owner.auth, CLAIM, { h: waiting.id });
    await ok(api, m.owner.auth, SEND, { c, id: key(), b: 'Bom dia! Sou a Ana, como posso ajudar?' });
    expect((await history(s, c)).map((msg) => msg.content.body)).toContain('Bom dia! Sou a Ana, como posso ajudar?');
    expect((await ok(api, m.owner.auth, RESOLVE, { h: waiting.id })).resolveConversation.status).toBe('RESOLVED');
    // The bot told the shopper when the team is back; checkout's closed-hours reply stayed out of it.
    expect((await history(s, c)).filter((msg) => /We are closed right now/.test(msg.content.body ?? ''))).toEqual([]);
    const [row] = (
      await (
        await env.sql()
      ).query(`select status, claimed_at is not null as claimed, closed_by from support_handoff where id = $1`, [waiting.id])
    ).rows;
    expect(row).toEqual({ status: 'resolved', claimed: true, closed_by: `person:${m.owner.personId}` });
    // The merchant's figures: one conversation answered, handed off, claimed and resolved.
    expect((await ok(api, m.owner.auth, FIGURES, { b: m.businessId })).supportFigures).toEqual({
      answered: 1,
      handoffs: 1,
      resolved: 1,
      botResolutionRate: 0,
      medianWaitSeconds: expect.any(Number),
    });
  });

  it('odd input gets a polite answer and never a failed job', async () => {
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    const bytes = Buffer.from(Array.from({ length: 300 }, (_, i) => 1 + ((i * 37) % 255))).toString('latin1');
    // An empty text never reaches the bot: the API refuses it and stores nothing.
    expect((await gql(api, SEND, { c, id: key(), b: '' }, s.auth)).body.errors[0].extensions.code).toBe('INVALID_MESSAGE');
    expect((await history(s, c)).filter((m) => m.senderKind !== 'BOT')).toEqual([]);
    for (const body of ['🙂🙂🙂', 'x'.repeat(4096), bytes, 'hello saya mau refund bitte', ' \n\t ']) {
      const [reply] = await say(s, c, body);
      expect(reply.content.body).toBeTruthy();
      // A second miss hands over; start afresh so every odd message gets the bot.
      await (await env.sql()).query(`update support_session set misses = 0 where conversation_id = $1`, [c]);
    }
    const { rows } = await (
      await env.sql()
    ).query(`select count(*)::int as n from support_answer where conversation_id = $1`, [c]);
    expect(rows[0].n).toBe(5);
    const failed = await worker.get(QueueRegistry).get('support').getFailed();
    expect(failed).toEqual([]);
  });

  it('a shopper message adds a job only for the subscribers that want it: bot on, texts and taps; no row when no subscriber wants it', async () => {
    const m = await merchant(env, api);
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const support = worker.get(QueueRegistry).get('support');
    const LOCATION = `mutation($c: ID!, $id: String!) { sendMessage(conversationId: $c, clientMessageId: $id,
      content: { location: { latitude: 3.15, longitude: 101.71 } }) { id seq } }`;
    /** The event row of a message, once relayed, with the writer's verdicts and the support job it added (if any). */
    const relayed = async (messageId: string) => {
      const row = await eventually(async () => {
        const { rows } = await (
          await env.sql()
        ).query<{ id: string; routing: Record<string, boolean> }>(
          `select id, payload->'routing' as routing from outbox
            where name = 'chat.shopper-wrote' and payload->>'messageId' = $1 and sent_at is not null`,
          [messageId],
        );
        return rows[0] ?? null;
      }, 'the event relayed');
      return { routing: row.routing, job: await support.getJob(`${row.id}-support-bot`) };
    };
    /** The event rows of a message, relayed or not: written in the send's own statement, so there by its answer. */
    const rows = async (messageId: string) =>
      (
        await (
          await env.sql()
        ).query(`select id from outbox where name = 'chat.shopper-wrote' and payload->>'messageId' = $1`, [messageId])
      ).rows;

    // The bot off, no opening hours, no Cloud API callback: nobody wants it, so no event row at all (wantedSql).
    const off = (await ok(api, s.auth, SEND, { c, id: key(), b: 'hi there' })).sendMessage as { id: string };
    expect(await rows(off.id)).toEqual([]);

    // Turned on (committed) before the next send: that send is heard and answered.
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    const [hello] = await say(s, c, 'hi there');
    expect(hello.content.body).toBeTruthy();
    const on = (await ok(api, s.auth, SEND, { c, id: key(), b: 'thanks a lot' })).sendMessage as { id: string };
    const heard = await relayed(on.id);
    expect(heard.routing).toMatchObject({ 'support-bot': true, 'whatsapp-webhook': false });
    expect(heard.job).toBeDefined();

    // A kind the bot does not read (a location; likewise an order), nobody else listening: no row, no job.
    const where = (await ok(api, s.auth, LOCATION, { c, id: key() })).sendMessage as { id: string };
    expect(await rows(where.id)).toEqual([]);
  });

  it('a message delivered more than once (a relay re-run, two workers at once, a late retry) is answered once', async () => {
    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    const support = worker.get(QueueRegistry).get('support');
    const deliver = (messageId: string, copy: string) =>
      support.add(
        'chat.shopper-wrote>support-bot',
        { conversationId: c, businessId: KEDAI_SUPPORT_BUSINESS_ID, messageId },
        { jobId: `again-${messageId}-${copy}` },
      );
    const done = (messageId: string, copies: string[]) =>
      eventually(
        async () =>
          (await Promise.all(copies.map(async (k) => (await support.getJob(`again-${messageId}-${k}`))?.isCompleted()))).every(
            Boolean,
          ),
        'every copy of the delivery done',
      );
    // An open refund request of the shopper's, and one of someone else's that the answer must not show.
    const other = await shopper(env, api);
    const [mine, theirs] = [
      await pendingOrder(s, KEDAI_SUPPORT_BUSINESS_ID, c),
      await pendingOrder(other, KEDAI_SUPPORT_BUSINESS_ID, c),
    ];
    await (
      await env.sql()
    ).query(
      `insert into support_refund_request (id, business_id, person_id, order_id, order_reference, conversation_id)
       select gen_random_uuid(), business_id, person_id, id, reference_id, conversation_id from shop_order where reference_id in ($1, $2)`,
      [mine, theirs],
    );
    const sent = (await ok(api, s.auth, SEND, { c, id: key(), b: 'where is my refund?' })).sendMessage as {
      id: string;
      seq: number;
    };
    // Three more copies race the relay's own delivery.
    await Promise.all(['a', 'b', 'c'].map((k) => deliver(sent.id, k)));
    await done(sent.id, ['a', 'b', 'c']);
    // And one long after the answer went out.
    await deliver(sent.id, 'late');
    await done(sent.id, ['late']);
    const replies = (await bot(s, c)).filter((m) => m.seq > sent.seq);
    expect(replies).toHaveLength(1);
    expect(replies[0].content.body).toBe(`Your refund request for order ${mine} is open with the shop.`);
    const { rows } = await (
      await env.sql()
    ).query(`select count(*)::int as n from support_answer where message_id = $1`, [sent.id]);
    expect(rows[0].n).toBe(1);
  });

  it('a merchant’s FAQ entry in French: retrained on the worker, tried with supportPreview (no side effect), answered to a shopper', async () => {
    const m = await merchant(env, api);
    await ok(api, m.owner.auth, SET_BOT, { b: m.businessId, on: true });
    const entry = (
      await ok(api, m.owner.auth, ADD_FAQ, {
        b: m.businessId,
        e: {
          language: 'fr',
          questions: [
            'quelle est votre politique de retour',
            'puis-je retourner un article',
            'comment faire un retour',
            'je veux renvoyer un produit',
          ],
          answer: 'Retours gratuits sous 30 jours : renvoyez l’article dans son emballage.',
          keywords: ['Retour'],
        },
      })
    ).addSupportFaq as { id: string; keywords: string[] };
    expect(entry.keywords).toEqual(['retour']);
    await eventually(
      async () => (await (await env.sql()).query('select 1 from support_model where key = $1', [m.businessId])).rowCount === 1,
      'the business’s model trained by the worker',
      30_000,
    );
    const before = (await (await env.sql()).query('select count(*)::int as n from message')).rows[0].n as number;
    const preview = (await ok(api, m.owner.auth, PREVIEW, { b: m.businessId, t: 'puis-je renvoyer cet article ?' }))
      .supportPreview;
    expect(preview).toMatchObject({ intent: `faq:${entry.id}`, language: 'fr', handoff: false });
    expect(preview.reply).toContain('Retours gratuits');
    const cancel = (
      await ok(api, m.owner.auth, PREVIEW, { b: m.businessId, t: 'cancel my order KD-7HK2MPQ9 of RM 25 from yesterday' })
    ).supportPreview;
    expect(cancel).toMatchObject({ intent: 'cancel_order', language: 'en' });
    expect(cancel.entities).toMatchObject({ orderRefs: ['KD-7HK2MPQ9'], amounts: [{ amountMinor: '2500', currency: 'MYR' }] });
    expect((await (await env.sql()).query('select count(*)::int as n from message')).rows[0].n).toBe(before);
    // Only the business's people may try it.
    const stranger = await shopper(env, api);
    expect((await gql(api, PREVIEW, { b: m.businessId, t: 'hi' }, stranger.auth)).body.errors[0].extensions.code).toBe(
      'FORBIDDEN',
    );

    const s = await shopper(env, api);
    const c = (await ok(api, s.auth, START_BUSINESS, { b: m.businessId })).startBusinessConversation.id as string;
    const [answer] = await say(s, c, 'bonjour, comment faire un retour ?');
    expect(answer.content.body).toContain('Retours gratuits');
  });

  it('asked about someone else’s transfer, Kedai Support finds nothing; asked about one’s own, it shows the receipt', async () => {
    const a = await shopper(env, api);
    const b = await shopper(env, api);
    await addCard(api, a, CARDS.ok);
    const chat = (await must(api, a, DIRECT, { p: b.personId })).startDirectConversation.id as string;
    const sent = (await must(api, a, SEND_MONEY, { c: chat, a: '2500', k: key() })).sendMoney as { id: string; status: string };
    await eventually(
      async () =>
        (await (await env.sql()).query(`select 1 from transfer where id = $1 and status = 'completed'`, [sent.id])).rowCount ===
        1,
      'the transfer completed',
    );
    const outsider = await shopper(env, api);
    const c1 = (await ok(api, outsider.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    const [none] = await say(outsider, c1, `show me the transfer ${sent.id.slice(0, 8)} of RM 25 I sent`);
    expect(none.content.body).toBe("I couldn't find a payment or transfer of yours matching that.");

    const c2 = (await ok(api, a.auth, START_SUPPORT)).startSupportConversation.conversationId as string;
    const [mine] = await say(a, c2, 'find my payment of RM 25');
    expect(mine.content.body).toContain(`(ref ${sent.id.slice(0, 8)})`);
    expect(mine.content.body).toMatch(/RM\s?25\.00 sent to/);
  });

  /** A pending order of the shopper's (as the order bot leaves it before payment), returning its reference. */
  async function pendingOrder(who: SignedIn, businessId: string, conversationId: string): Promise<string> {
    const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
    const ref = `KD-${Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('')}`;
    await (
      await env.sql()
    ).query(
      `insert into shop_order (id, reference_id, business_id, person_id, conversation_id, status, idempotency_key, currency, subtotal_minor, total_minor)
       values (gen_random_uuid(), $1, $2, $3, $4, 'pending', gen_random_uuid()::text, 'MYR', 1500, 1500)`,
      [ref, businessId, who.personId, conversationId],
    );
    return ref;
  }
});
