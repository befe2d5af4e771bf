import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { graphqlPoster, mintPeople, round } from '../bench-client';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';
import { AnswerBook } from '../support-answers';

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

/** Emoji people add to what they write; none of them changes what the bot understands (see withoutEmoji). */
const EMOJI = ['🙂', '🙏', '👍', '😊', '✨', '📦', '💳', '🛍️', '☕', '🌸', '👋', '🤝', '📱', '🧾', '🕐', '💬'];

/** A 32-bit integer hash (murmur3's finaliser): well spread bits from neighbouring inputs. */
function mix(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Person i's k-th question. People repeat the short things word for word, but most of what they
 * write is their own: one question in four is the bare text, the rest carry one of 4,096 emoji
 * tails, so the bot's per-text memory (2,000 texts) sees about the share of repeats real traffic
 * has, not eight texts over and over.
 */
function questionText(i: number, k: number): string {
  const text = QUESTIONS[(i + k) % QUESTIONS.length];
  let n = mix(i * 100_003 + k);
  if (n % 4 === 0) return text;
  n = Math.floor(n / 4);
  const tail: string[] = [];
  for (let j = 0; j < 3; j++, n = Math.floor(n / 16)) tail.push(EMOJI[n % 16]);
  return `${text} ${tail.join('')}`;
}

/** BENCH_SUPPORT_RATE: questions per second of the open-loop phase, all people together (0 skips the phase). */
function openRate(): number {
  const raw = process.env.BENCH_SUPPORT_RATE ?? '200';
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`BENCH_SUPPORT_RATE must be a number ≥ 0 (got "${raw}")`);
  return value;
}

/** One person's send: the message's id, or null (counted as a send error) when it failed. */
type Send = (i: number, id: string, body: string) => Promise<string | null>;

/**
 * 200 people, each in their conversation with Kedai Support and subscribed to it over graphql-ws,
 * ask the bot in two phases. Closed loop (saturation): each asks a question, waits for the answer
 * on the subscription, and asks the next, so the bot's throughput is the rate. Open loop (latency
 * at a rate): together they send BENCH_SUPPORT_RATE (200) questions a second, each person every
 * 200 / rate seconds on a fixed schedule, whatever the answers do. Latency is send → the answer's
 * arrival. A question with no answer within the grace period is lost; a second answer is a duplicate.
 */
export const scenario: Scenario = {
  name: 'support',
  description:
    '200 people asking Kedai Support’s bot, closed loop then at a fixed rate; answers/s, send-to-answer latency, lost, duplicates',
  needs: { worker: true },
  baseline: true,

  async run(stack: Stack) {
    const rate = openRate();
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

    const closed = new AnswerBook();
    let current = closed;
    let socketErrors = 0;
    let sendErrors = 0;
    const problems: string[] = [];
    const note = (problem: string) => void (problems.length < 3 && problems.push(problem.slice(0, 300)));

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
              note(JSON.stringify(errors));
            }
            const message = (
              data as { conversationEvents?: { type: string; message?: { senderKind: string; clientMessageId: string | null } } }
            )?.conversationEvents?.message;
            if (!message || message.senderKind !== 'BOT') return;
            // The bot's reply ids are support:<the shopper's message id>:<n>; the first reply answers.
            const [, messageId, n] = (message.clientMessageId ?? '').split(':');
            if (n !== '0') return;
            (closed.knows(messageId) ? closed : current).answered(messageId, at);
          },
          error: (e) => {
            socketErrors++;
            note(String((e as Error)?.message ?? JSON.stringify(e)));
          },
          complete: () => undefined,
        },
      );
      return client;
    });

    const send: Send = async (i, clientMessageId, body) => {
      const res = await http
        .post(people[i].token, SEND, { c: conversations[i], id: clientMessageId, body })
        .catch((e: Error) => ({ status: 0, body: { errors: [{ message: e.message }] } as Record<string, unknown> }));
      const id = (res.body as { data?: { sendMessage?: { id: string } } }).data?.sendMessage?.id ?? null;
      if (!id) {
        sendErrors++;
        note(`send: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      }
      return id;
    };

    try {
      await sleep(1_000); // the subscriptions come live
      const figures: Figure[] = [];
      const saturation = await closedLoop(stack, closed, send);
      if (!saturation) return { figures: [], failures };
      figures.push(...saturation);
      if (rate > 0) {
        current = new AnswerBook();
        const atRate = await openLoop(stack, current, send, rate);
        if (!atRate) return { figures: [], failures };
        figures.push(...atRate);
      }
      figures.push({ figure: 'errors', value: sendErrors + socketErrors, unit: 'count' });

      const phases: [AnswerBook, string][] = [[closed, 'closed loop']];
      if (current !== closed) phases.push([current, `open loop at ${rate}/s`]);
      for (const [book, phase] of phases) {
        if (book.lost) failures.push(`${phase}: ${book.lost} questions sent OK got no answer within ${GRACE_MS / 1000} s`);
        if (book.duplicates) failures.push(`${phase}: ${book.duplicates} questions were answered twice`);
        if (book.strays) failures.push(`${phase}: ${book.strays} answers arrived to questions the bench never asked`);
      }
      if (sendErrors) failures.push(`${sendErrors} sends failed, e.g. ${problems.join(' | ')}`);
      if (socketErrors) failures.push(`${socketErrors} subscription errors, e.g. ${problems.join(' | ')}`);
      return { figures, failures };
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      http.close();
    }
  },
};

/** Waits up to the grace period for the phase's answers, then a little for late duplicates. */
async function settle(stack: Stack, book: AnswerBook): Promise<void> {
  const graceEnd = Date.now() + GRACE_MS;
  while (Date.now() < graceEnd && book.waiting > 0 && !stack.signal.aborted) await sleep(100);
  await sleep(500); // a late duplicate would show up here
}

/** Meters the worker's memory and the CPU of API and worker from `from` on; `stop` ends both. */
function meterFrom(stack: Stack, from: number) {
  let rss: { stop(): Promise<number | null> } | undefined;
  let cpu: ReturnType<typeof cpuMeter> | undefined;
  const timer = setInterval(() => {
    if (rss || performance.now() < from) return;
    rss = sampleRss(stack.workerPid ?? stack.apiPid);
    cpu = cpuMeter(stack);
  }, 50);
  return {
    async stopCpu() {
      clearInterval(timer);
      return cpu?.stop();
    },
    stopRss: async () => (rss ? rss.stop() : null),
  };
}

/**
 * Saturation: each person asks, waits for the answer (or the grace period), asks the next. The
 * figures keep their plain names: answers_per_s, p50_ms, p99_ms, rss_mb, lost, duplicates and
 * the CPU per answer. Null when interrupted.
 */
async function closedLoop(stack: Stack, book: AnswerBook, send: Send): Promise<Figure[] | null> {
  const { warmupSeconds, durationSeconds } = stack.load;
  process.stderr.write(
    `bench: closed loop, ${PEOPLE} people asking Kedai Support; warm-up ${warmupSeconds} s, then measuring ${durationSeconds} s\n`,
  );
  const warmEnd = performance.now() + warmupSeconds * 1000;
  const end = warmEnd + durationSeconds * 1000;
  const meter = meterFrom(stack, warmEnd);
  const ask = async (i: number, k: number) => {
    const sentAt = performance.now();
    let onAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (onAnswer = resolve));
    const question = book.ask({ person: i, sentAt, measured: sentAt >= warmEnd && sentAt < end, onAnswer });
    const id = await send(i, `q-${i}-${k}`, questionText(i, k));
    if (!id) return;
    book.sent(question, id);
    if (question.answeredAt === null) await Promise.race([answered, sleep(GRACE_MS)]);
  };
  await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i) => {
      for (let k = 0; performance.now() < end && !stack.signal.aborted; k++) await ask(i, k);
    }),
  );
  const cpuUsed = await meter.stopCpu();
  await settle(stack, book);
  const peakRss = await meter.stopRss();
  if (stack.signal.aborted) return null;
  const figures = book.figures({ start: warmEnd, end });
  if (peakRss !== null) figures.push({ figure: 'rss_mb', value: round(peakRss, 1), unit: 'MiB' });
  figures.push(
    { figure: 'lost', value: book.lost, unit: 'count' },
    { figure: 'duplicates', value: book.duplicates, unit: 'count' },
  );
  if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, book.measuredSent, 'answer'));
  return figures;
}

/**
 * Latency at a rate: the people together send `rate` questions a second on a fixed schedule
 * (person i at i / rate s, then every PEOPLE / rate s), without waiting for answers, for the
 * warm-up and the measured window. A question's latency counts from its scheduled time, so a
 * send the client could not start on time is not hidden (no coordinated omission). Figures end in
 * `_at_<rate>`: answers_per_s, sent_per_s (the questions sent in the window, to show the
 * schedule was kept), p50_ms, p99_ms, lost, duplicates, and the CPU per answer. Null when interrupted.
 */
async function openLoop(stack: Stack, book: AnswerBook, send: Send, rate: number): Promise<Figure[] | null> {
  const { warmupSeconds, durationSeconds } = stack.load;
  const suffix = `_at_${round(rate, 1)}`.replace('.', '_');
  process.stderr.write(
    `bench: open loop, ${rate} questions/s from ${PEOPLE} people; warm-up ${warmupSeconds} s, then measuring ${durationSeconds} s\n`,
  );
  const start = performance.now() + 100;
  const warmEnd = start + warmupSeconds * 1000;
  const end = warmEnd + durationSeconds * 1000;
  const meter = meterFrom(stack, warmEnd);
  const every = (PEOPLE / rate) * 1000;
  const sends: Promise<void>[] = [];
  await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i) => {
      for (let k = 0; !stack.signal.aborted; k++) {
        const at = start + (i * 1000) / rate + k * every;
        if (at >= end) return;
        await sleep(Math.max(0, at - performance.now()));
        const question = book.ask({ person: i, sentAt: at, measured: at >= warmEnd });
        sends.push(send(i, `o-${i}-${k}`, questionText(i, 100_000 + k)).then((id) => void (id && book.sent(question, id))));
      }
    }),
  );
  await Promise.all(sends);
  const cpuUsed = await meter.stopCpu();
  const cpuEnd = performance.now();
  await settle(stack, book);
  await meter.stopRss();
  if (stack.signal.aborted) return null;
  const figures = book.figures({ start: warmEnd, end }, suffix);
  figures.push(
    { figure: `sent_per_s${suffix}`, value: round(book.measuredSent / durationSeconds, 1), unit: 'questions/s' },
    { figure: `lost${suffix}`, value: book.lost, unit: 'count' },
    { figure: `duplicates${suffix}`, value: book.duplicates, unit: 'count' },
  );
  // Divided by the answers that arrived while the CPU was metered: the work done in the window,
  // also when the box falls behind the rate (then fewer are answered than sent).
  const done = book.answeredIn({ start: warmEnd, end: cpuEnd });
  if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, done, `answer${suffix}`));
  return figures;
}
