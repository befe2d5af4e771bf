import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { graphqlPoster, mintPeople, percentile, round } from '../bench-client';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';

const PEOPLE = 200;
const CONVERSATIONS = PEOPLE / 2;
/** How long a message sent OK may take to arrive before it counts as lost. */
const GRACE_MS = 10_000;
/** Fixed-rate ticks: every tick sends what has come due since the last one. */
const TICK_MS = 2;

const START_DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const SEND = `mutation($c: ID!, $id: String!, $body: String!) {
  sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $body } }) { seq } }`;
const EVENTS = `subscription($c: ID!) { conversationEvents(conversationId: $c) {
  type message { seq content { ... on TextContent { body } } } } }`;

interface Person {
  id: string;
  token: string;
  /** Index of the conversation this person is in, and of the other member. */
  conversation: number;
  partner: number;
}

/** One message the bench sent: whose, when, and what became of it at the other member. */
interface Sent {
  conversation: number;
  receiver: number;
  sentAt: number;
  measured: boolean;
  ok: boolean;
  receivedAt: number | null;
  receipts: number;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

/** 200 people (bench-client.ts mints their tokens), paired into conversations. */
async function makePeople(stack: Stack): Promise<Person[]> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  try {
    const minted = await mintPeople(db, stack, PEOPLE, '+6019');
    return minted.map((p, i) => ({ ...p, conversation: Math.floor(i / 2), partner: i ^ 1 }));
  } finally {
    await db.end();
  }
}

/**
 * 200 people in 100 direct conversations, each subscribed over graphql-ws to its conversation;
 * both members of each conversation send, over HTTP, at a fixed aggregate rate. Each body carries
 * the message's number and its send time (performance.now() in this process), so the other
 * member's subscription measures send-to-receive latency. See bench/README.md, chat.
 */
export const scenario: Scenario = {
  name: 'chat',
  description: '200 subscribed clients in 100 direct conversations; sendMessage at a fixed rate; send-to-receive latency',
  baseline: true,

  async run(stack) {
    const rate = positive('BENCH_CHAT_RATE', 1000);
    const cap = stack.load.connections;
    const { warmupSeconds, durationSeconds } = stack.load;
    const failures: string[] = [];

    process.stderr.write(`bench: ${PEOPLE} people with sessions, ${CONVERSATIONS} conversations\n`);
    const people = await makePeople(stack);
    const http = graphqlPoster(stack, cap);
    const conversations: string[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      const res = await http.post(people[2 * c].token, START_DIRECT, { p: people[2 * c + 1].id });
      const id = (res.body.data?.startDirectConversation as { id?: string } | undefined)?.id;
      if (res.status !== 200 || !id) {
        http.close();
        return {
          figures: [],
          failures: [`startDirectConversation: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`],
        };
      }
      conversations.push(id);
    }

    const sent = new Map<number, Sent>();
    let strays = 0;
    let duplicates = 0;
    let socketErrors = 0;
    const socketProblems: string[] = [];
    /** People whose subscription has delivered a probe message: it is live. */
    const live = new Set<number>();
    const wsUrl = `${stack.baseUrl.replace(/^http/, 'ws')}/graphql`;
    const clients: SocketClient[] = people.map((person, i) => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${person.token}` },
        retryAttempts: 0,
      });
      client.subscribe(
        { query: EVENTS, variables: { c: conversations[person.conversation] } },
        {
          next: ({ data, errors }) => {
            const at = performance.now();
            if (errors?.length) {
              socketErrors++;
              if (socketProblems.length < 3) socketProblems.push(JSON.stringify(errors).slice(0, 300));
            }
            const event = (data as { conversationEvents?: { type: string; message?: { content?: { body?: string } } } })
              ?.conversationEvents;
            const body = event?.type === 'MESSAGE' ? event.message?.content?.body : undefined;
            if (!body) return;
            if (body.startsWith('probe ')) return void live.add(i);
            const [, k] = body.split(' ');
            const message = sent.get(Number(k));
            if (!message) return void strays++;
            // A member hears their own messages too; the figures are about the other one.
            if (message.receiver !== i) return;
            message.receipts++;
            if (message.receipts > 1) return void duplicates++;
            message.receivedAt = at;
          },
          error: (e) => {
            socketErrors++;
            if (socketProblems.length < 3) socketProblems.push(String((e as Error)?.message ?? JSON.stringify(e)).slice(0, 300));
          },
          complete: () => undefined,
        },
      );
      return client;
    });

    try {
      // The subscriptions are live once a message sent after them reaches both members.
      process.stderr.write(`bench: ${PEOPLE} subscriptions; waiting for a probe message in each conversation\n`);
      const ready = (ci: number) => live.has(2 * ci) && live.has(2 * ci + 1);
      const deadline = Date.now() + 30_000;
      for (let attempt = 1; conversations.some((_, ci) => !ready(ci)); attempt++) {
        if (Date.now() >= deadline) {
          const n = conversations.filter((_, ci) => ready(ci)).length;
          return { figures: [], failures: [`only ${n} of ${CONVERSATIONS} conversations' subscriptions came live within 30 s`] };
        }
        if (stack.signal.aborted) return { figures: [], failures };
        await Promise.all(
          conversations.map((c, ci) =>
            ready(ci)
              ? null
              : http.post(people[2 * ci].token, SEND, { c, id: `probe-${attempt}-${ci}`, body: `probe ${attempt}` }),
          ),
        );
        await sleep(500);
      }
      if (stack.signal.aborted) return { figures: [], failures };

      // The fixed-rate sender: message k is due at start + k / rate; at most `cap` requests in
      // flight (when the API falls behind, due messages wait here, and the sent rate shows it).
      let inFlight = 0;
      let next = 0;
      let sendErrors = 0;
      const sendProblems: string[] = [];
      const start = performance.now();
      const warmEnd = start + warmupSeconds * 1000;
      const end = warmEnd + durationSeconds * 1000;
      process.stderr.write(
        `bench: ${warmupSeconds > 0 ? `warm-up ${warmupSeconds} s, then ` : ''}measuring ${durationSeconds} s at ${rate} messages/s, at most ${cap} sends in flight\n`,
      );
      let rss: { stop(): Promise<number | null> } | undefined;
      let cpu: ReturnType<typeof cpuMeter> | undefined;
      const sendOne = (k: number) => {
        const conversation = k % CONVERSATIONS;
        // Both members take turns, so each person sends rate / 200 messages a second.
        const from = 2 * conversation + (Math.floor(k / CONVERSATIONS) % 2);
        const sentAt = performance.now();
        const message: Sent = {
          conversation,
          receiver: from ^ 1,
          sentAt,
          measured: sentAt >= warmEnd,
          ok: false,
          receivedAt: null,
          receipts: 0,
        };
        sent.set(k, message);
        inFlight++;
        http
          .post(people[from].token, SEND, { c: conversations[conversation], id: `m-${k}`, body: `m ${k} ${sentAt.toFixed(3)}` })
          .then(({ status, body }) => {
            if (status === 200 && !body.errors && body.data?.sendMessage) message.ok = true;
            else {
              sendErrors++;
              if (sendProblems.length < 3) sendProblems.push(`HTTP ${status} ${JSON.stringify(body).slice(0, 300)}`);
            }
          })
          .catch((e: Error) => {
            sendErrors++;
            if (sendProblems.length < 3) sendProblems.push(e.message);
          })
          .finally(() => inFlight--);
      };
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const now = performance.now();
          if (!rss && now >= warmEnd) {
            rss = sampleRss(stack.apiPid);
            cpu = cpuMeter(stack);
          }
          if (now >= end || stack.signal.aborted) {
            clearInterval(timer);
            resolve();
            return;
          }
          const due = Math.floor(((now - start) / 1000) * rate);
          while (next < due && inFlight < cap) sendOne(next++);
        }, TICK_MS);
      });
      const cpuUsed = await cpu?.stop();
      const scheduled = Math.floor(((end - start) / 1000) * rate);
      const backlog = scheduled - next;

      // Let what was sent arrive (or count as lost after the grace period).
      const graceEnd = Date.now() + GRACE_MS;
      const waiting = () => inFlight > 0 || [...sent.values()].some((m) => m.ok && m.receivedAt === null);
      while (Date.now() < graceEnd && !stack.signal.aborted && waiting()) await sleep(100);
      const peakRss = rss ? await rss.stop() : null;
      if (stack.signal.aborted) return { figures: [], failures };

      const all = [...sent.values()];
      const measured = all.filter((m) => m.measured);
      const received = measured.filter((m) => m.receivedAt !== null);
      // Sustained: messages that arrived within the measured window, per second of it.
      const inWindow = all.filter((m) => m.receivedAt !== null && m.receivedAt >= warmEnd && m.receivedAt < end).length;
      const latencies = Float64Array.from(received.map((m) => m.receivedAt! - m.sentAt)).sort();
      const lost = all.filter((m) => m.ok && m.receivedAt === null).length;

      if (sendErrors) failures.push(`${sendErrors} sends failed, e.g. ${sendProblems.join(' | ')}`);
      if (lost) failures.push(`${lost} messages sent OK were never received by the other member within ${GRACE_MS / 1000} s`);
      if (duplicates) failures.push(`${duplicates} messages were received twice by the same member`);
      if (strays) failures.push(`${strays} messages arrived that the bench never sent`);
      if (socketErrors) failures.push(`${socketErrors} subscription errors, e.g. ${socketProblems.join(' | ')}`);
      process.stderr.write(
        `bench: sent ${measured.length} in the measured window (${round(measured.length / durationSeconds, 1)}/s; ` +
          `${backlog} due but never sent: the sender was capped at ${cap} in flight)\n`,
      );

      const figures: Figure[] = [
        { figure: 'messages_per_s', value: round(inWindow / durationSeconds, 1), unit: 'msg/s' },
        { figure: 'p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
        { figure: 'p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
      ];
      if (peakRss !== null) figures.push({ figure: 'rss_mb', value: round(peakRss, 1), unit: 'MiB' });
      figures.push(
        { figure: 'sent_per_s', value: round(measured.length / durationSeconds, 1), unit: 'msg/s' },
        { figure: 'lost', value: lost, unit: 'count' },
        { figure: 'duplicates', value: duplicates, unit: 'count' },
        { figure: 'errors', value: sendErrors + socketErrors, unit: 'count' },
      );
      if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, measured.length, 'msg'));
      return { figures, failures };
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      http.close();
    }
  },
};
