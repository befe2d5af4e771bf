import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { Queue } from 'bullmq';
import { ChatEvents, MessageService, type MessageView } from '@kedai/chat';
import { signIn } from './support/auth';
import { eventually, gql, redisOptions, TestEnv } from './support/test-env';

const START_DIRECT = `mutation($p: ID) { startDirectConversation(personId: $p) { id } }`;

/**
 * A message posted inside another service's transaction is announced once: by the writer right
 * after its commit, its outbox fallback then confirmed so the relay never makes a job of it; and
 * still announced, by the outbox after CHAT_ANNOUNCE_FALLBACK_MS, when the writer dies between
 * its commit and its announcement.
 */
describe('chat: one announcement per posted message, none lost', () => {
  let env: TestEnv;
  /** Waits a minute before falling back: within a test, only its own announcement can arrive. */
  let patient: INestApplication;
  /** Falls back after 100 ms: stands in for a writer that died after its commit. */
  let hasty: INestApplication;
  let workers: INestApplicationContext[];
  let conversationId: string;
  let senderId: string;
  const heard: MessageView[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    patient = await env.api({ env: { CHAT_ANNOUNCE_FALLBACK_MS: '60000' } });
    hasty = await env.api({ env: { CHAT_ANNOUNCE_FALLBACK_MS: '100' } });
    // Two workers, as deployed: both relay the fallback rows; each message is still announced once.
    workers = await env.workers(2);
    const [a, b] = [await signIn(env, patient), await signIn(env, patient)];
    senderId = a.personId;
    const res = await gql(patient, START_DIRECT, { p: b.personId }, a.auth).expect(200);
    conversationId = res.body.data.startDirectConversation.id as string;
    const events = patient.get(ChatEvents);
    await events.listen([events.conversationChannel(conversationId)], (e) => {
      if (e.type === 'message') heard.push(e.message);
    });
  });
  afterAll(() => env.close());

  /** Posts a system text in a transaction of its own, as checkout and payments do; returns it and its outbox row. */
  async function post(
    app: INestApplication,
    body: string,
    clientMessageId?: string,
  ): Promise<{ view: MessageView; outboxId: string }> {
    const view = await app
      .get(MikroORM)
      .em.fork()
      .transactional((tx) =>
        app
          .get(MessageService)
          .post(
            tx,
            { conversationId, sender: { kind: 'person', personId: senderId }, kind: 'text', payload: { body }, clientMessageId },
            { announcing: true },
          ),
      );
    const { rows } = await (
      await env.sql()
    ).query<{ id: string }>(`select id from outbox where payload->>'messageId' = $1`, [view.id]);
    expect(rows).toHaveLength(1);
    return { view, outboxId: rows[0].id };
  }

  const times = (id: string) => heard.filter((m) => m.id === id).length;

  it('announces once when the writer announces: the fallback is confirmed and never becomes a job', async () => {
    const { view, outboxId } = await post(patient, 'announced by its writer');
    await patient.get(MessageService).announce([view]);
    await eventually(async () => times(view.id) === 1, 'the message on the channel');
    const sent = await eventually(
      async () =>
        (await (await env.sql()).query(`select sent_at from outbox where id = $1`, [outboxId])).rows[0].sent_at as Date | null,
      'the fallback confirmed',
    );
    expect(sent).toBeInstanceOf(Date);
    const queue = new Queue('chat', { connection: redisOptions(), prefix: env.queuePrefix });
    try {
      expect(await queue.getJob(outboxId)).toBeUndefined();
    } finally {
      await queue.close();
    }
    expect(times(view.id)).toBe(1);
  });

  it('announces through the outbox when the writer dies between its commit and its announcement', async () => {
    // No announce() call: the writer "died". The relay makes the fallback a job after 100 ms.
    const { view, outboxId } = await post(hasty, 'its writer died');
    await eventually(async () => times(view.id) >= 1, 'the message announced by the worker');
    expect(heard.find((m) => m.id === view.id)).toMatchObject({ seq: view.seq, payload: { body: 'its writer died' } });
    const { rows } = await (await env.sql()).query(`select sent_at from outbox where id = $1`, [outboxId]);
    expect(rows[0].sent_at).toBeInstanceOf(Date);
  });

  it('still announces through the outbox when the writer could not publish (its confirmation never written)', async () => {
    const { view } = await post(hasty, 'publish failed');
    // A failed publish confirms nothing: the worker announces it.
    const events = hasty.get(ChatEvents);
    const spy = jest.spyOn(events, 'publishAll').mockResolvedValueOnce(false);
    await hasty.get(MessageService).announce([view]);
    spy.mockRestore();
    await eventually(async () => times(view.id) >= 1, 'the message announced by the worker');
    expect(workers).toHaveLength(2);
  });

  it('posting again with the same client message id returns the first message and moves nothing (a bridged redelivery)', async () => {
    const first = await post(patient, 'once only', 'wamid.once-only');
    const again = await patient
      .get(MikroORM)
      .em.fork()
      .transactional((tx) =>
        patient.get(MessageService).post(tx, {
          conversationId,
          sender: { kind: 'person', personId: senderId },
          kind: 'text',
          payload: { body: 'once only' },
          clientMessageId: 'wamid.once-only',
        }),
      );
    expect(again).toMatchObject({ id: first.view.id, seq: first.view.seq });
    const { rows } = await (
      await env.sql()
    ).query(
      `select m.last_read_seq, c.last_seq from conversation_member m join conversation c on c.id = m.conversation_id
              where m.conversation_id = $1 and m.person_id = $2`,
      [conversationId, senderId],
    );
    expect(rows[0]).toEqual({ last_read_seq: String(first.view.seq), last_seq: String(first.view.seq) });
  });
});
