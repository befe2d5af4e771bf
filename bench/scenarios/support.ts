import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { graphqlPoster, mintPeople, percentile, round } from '../bench-client';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';

const PEOPLE = 200;
/** How long a message may wait for the bot's answer before it counts as lost. */
const GRACE_MS = 15_000;

const START = `mutation { startSupportConversation { conversationId } }`;
const SEND = `mutation($c: ID!, $id: String!, $body: String!) {
  sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $body } }) { id seq } }`;
const EVENTS = `subscription($c: ID!) { conversationEvents(conversationId: $c) {
  type message { seq senderKind clientMessageId content { ... on TextContent { body } ... on InteractiveContent { body } } } } }`;

/** What shoppers ask, in turn: each is understood (no handoff), and some read the person's own data. */
const QUESTIONS = [
  'hi there',
  'where is my refund?',
  'my card was declined, why did my payment fail',
  'thanks a lot',
  'what are your opening hours',
  'bonjour, où est mon remboursement',
  'terima kasih banyak',
  'wo ist meine Rückerstattung',
];

interface Asked {
  person: number;
  sentAt: number;
  measured: boolean;
  messageId: string | null;
  answeredAt: number | null;
  answers: number;
}

/**
 * 200 people, each in their conversation with Kedai Support and subscribed to it over graphql-ws;
 * each asks a question, waits for the bot's answer on the subscription, and asks the next (a
 * closed loop: the bot's throughput is the rate). Latency is send → the answer's arrival. A
 * message with no answer within the grace period is lost; a second answer is a duplicate.
 */
export const scenario: Scenario = {
  name: 'support',
  description: '200 people asking Kedai Support’s bot in a closed loop; answers/s, send-to-answer latency, lost, duplicates',
  needs: { worker: true },
  baseline: true,

  async run(stack: Stack) {
    const { warmupSeconds, durationSeconds } = stack.load;
    const failures: string[] = [];
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const people = await mintPeople(db, stack, PEOPLE, '+6017').finally(() => db.end());
    const http = graphqlPoster(stack, Math.min(stack.load.connections, PEOPLE));
    const conversations: string[] = [];
    for (const p of people) {
      const res = await http.post(p.token, START, {});
      const id = (res.body.data?.startSupportConversation as { conversationId?: string } | undefined)?.conversationId;
      if (!id) {
        http.close();
        return {
          figures: [],
          failures: [`startSupportConversation: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`],
        };
      }
      conversations.push(id);
    }

    const asked: Asked[] = [];
    /** The question each person is waiting on, by the id of their message. */
    const open = new Map<string, Asked>();
    let duplicates = 0;
    /**
     * Answers that came before their question's send returned (the worker can beat the API's
     * response): by the question's message id, when the first came and how many. Claimed by the
     * question once its id is known; what is left at the end answered nothing the bench asked.
     */
    const early = new Map<string, { at: number; count: number }>();
    let socketErrors = 0;
    let sendErrors = 0;
    const problems: string[] = [];
    let running = true;
    let warmEnd = Infinity;
    let end = Infinity;
    const waiters = new Map<number, () => void>();

    const clients: SocketClient[] = people.map((person, i) => {
      const client = createClient({
        url: `${stack.baseUrl.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${person.token}` },
        retryAttempts: 0,
      });
      client.subscribe(
        { query: EVENTS, variables: { c: conversations[i] } },
        {
          next: ({ data, errors }) => {
            const at = performance.now();
            if (errors?.length) {
              socketErrors++;
              if (problems.length < 3) problems.push(JSON.stringify(errors).slice(0, 300));
            }
            const message = (
              data as { conversationEvents?: { type: string; message?: { senderKind: string; clientMessageId: string | null } } }
            )?.conversationEvents?.message;
            if (!message || message.senderKind !== 'BOT') return;
            // The bot's reply ids are support:<the shopper's message id>:<n>; the first reply answers.
            const [, messageId, n] = (message.clientMessageId ?? '').split(':');
            if (n !== '0') return;
            const question = open.get(messageId) ?? asked.find((a) => a.messageId === messageId);
            if (!question) {
              const seen = early.get(messageId);
              return void early.set(messageId, { at: seen?.at ?? at, count: (seen?.count ?? 0) + 1 });
            }
            question.answers++;
            if (question.answers > 1) return void duplicates++;
            question.answeredAt = at;
            open.delete(messageId);
            waiters.get(i)?.();
          },
          error: (e) => {
            socketErrors++;
            if (problems.length < 3) problems.push(String((e as Error)?.message ?? JSON.stringify(e)).slice(0, 300));
          },
          complete: () => undefined,
        },
      );
      return client;
    });

    async function ask(i: number, k: number): Promise<void> {
      const sentAt = performance.now();
      const question: Asked = {
        person: i,
        sentAt,
        measured: sentAt >= warmEnd && sentAt < end,
        messageId: null,
        answeredAt: null,
        answers: 0,
      };
      asked.push(question);
      const answered = new Promise<void>((resolve) => waiters.set(i, resolve));
      const res = await http
        .post(people[i].token, SEND, { c: conversations[i], id: `q-${i}-${k}`, body: QUESTIONS[(i + k) % QUESTIONS.length] })
        .catch((e: Error) => ({ status: 0, body: { errors: [{ message: e.message }] } as Record<string, unknown> }));
      const id = (res.body as { data?: { sendMessage?: { id: string } } }).data?.sendMessage?.id ?? null;
      if (!id) {
        sendErrors++;
        if (problems.length < 3) problems.push(`send: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        return;
      }
      question.messageId = id;
      const before = early.get(id);
      if (before) {
        early.delete(id);
        question.answeredAt = before.at;
        question.answers = before.count;
        duplicates += before.count - 1;
        return;
      }
      if (question.answeredAt === null) open.set(id, question);
      await Promise.race([answered, sleep(GRACE_MS)]);
    }

    try {
      await sleep(1_000); // the subscriptions come live
      process.stderr.write(
        `bench: ${PEOPLE} people asking Kedai Support; warm-up ${warmupSeconds} s, then measuring ${durationSeconds} s\n`,
      );
      const start = performance.now();
      warmEnd = start + warmupSeconds * 1000;
      end = warmEnd + durationSeconds * 1000;
      let rss: { stop(): Promise<number | null> } | undefined;
      let cpu: ReturnType<typeof cpuMeter> | undefined;
      const meter = setInterval(() => {
        if (!rss && performance.now() >= warmEnd) {
          rss = sampleRss(stack.workerPid ?? stack.apiPid);
          cpu = cpuMeter(stack);
        }
        if (performance.now() >= end || stack.signal.aborted) running = false;
      }, 50);
      await Promise.all(
        people.map(async (_, i) => {
          for (let k = 0; running && !stack.signal.aborted; k++) await ask(i, k);
        }),
      );
      clearInterval(meter);
      const cpuUsed = await cpu?.stop();
      const graceEnd = Date.now() + GRACE_MS;
      while (Date.now() < graceEnd && open.size > 0 && !stack.signal.aborted) await sleep(100);
      await sleep(500); // a late duplicate would show up here
      const peakRss = rss ? await rss.stop() : null;
      if (stack.signal.aborted) return { figures: [], failures };

      const measured = asked.filter((a) => a.measured && a.messageId);
      const answered = measured.filter((a) => a.answeredAt !== null);
      const inWindow = asked.filter((a) => a.answeredAt !== null && a.answeredAt >= warmEnd && a.answeredAt < end).length;
      const latencies = Float64Array.from(answered.map((a) => a.answeredAt! - a.sentAt)).sort();
      const lost = asked.filter((a) => a.messageId && a.answeredAt === null).length;
      if (sendErrors) failures.push(`${sendErrors} sends failed, e.g. ${problems.join(' | ')}`);
      if (lost) failures.push(`${lost} questions sent OK got no answer within ${GRACE_MS / 1000} s`);
      if (duplicates) failures.push(`${duplicates} questions were answered twice`);
      const strays = [...early.values()].reduce((n, e) => n + e.count, 0);
      if (strays) failures.push(`${strays} answers arrived to questions the bench never asked`);
      if (socketErrors) failures.push(`${socketErrors} subscription errors, e.g. ${problems.join(' | ')}`);

      const figures: Figure[] = [
        { figure: 'answers_per_s', value: round(inWindow / durationSeconds, 1), unit: 'answers/s' },
        { figure: 'p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
        { figure: 'p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
      ];
      if (peakRss !== null) figures.push({ figure: 'rss_mb', value: round(peakRss, 1), unit: 'MiB' });
      figures.push(
        { figure: 'lost', value: lost, unit: 'count' },
        { figure: 'duplicates', value: duplicates, unit: 'count' },
        { figure: 'errors', value: sendErrors + socketErrors, unit: 'count' },
      );
      if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, measured.length, 'answer'));
      return { figures, failures };
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      http.close();
    }
  },
};
