import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { graphqlPoster, mintPeople, percentile, round, type BenchPerson, type Poster } from '../bench-client';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import { rateFrom, runOpenLoop } from '../open-loop';
import type { Figure, Scenario, Stack } from '../scenario';

const PEOPLE = 100;
const ADD_CARD = `mutation($i: AddCardInput!) { addCard(input: $i) { id } }`;
const START_DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const SEND = `mutation($c: ID!, $k: String!) { sendMoney(conversationId: $c, amount: "100", currency: "MYR", idempotencyKey: $k) { id status } }`;

interface Payer extends BenchPerson {
  conversationId: string;
}

/** Runs `work` over items with at most `limit` at once. */
async function inBatches<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(work));
}

async function must(
  http: Poster,
  token: string,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Promise<Record<string, unknown>> {
  const res = await http.post(token, query, variables);
  const value = res.body.data?.[field] as Record<string, unknown> | undefined;
  if (res.status !== 200 || res.body.errors?.length || !value)
    throw new Error(`${field}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  return value;
}

/** 100 adult people in Malaysia (eligible to pay), each with a test card that succeeds, in 50 pairs. */
async function setUp(stack: Stack, http: Poster): Promise<Payer[]> {
  const db = new Client({ connectionString: stack.databaseUrl });
  await db.connect();
  let people: BenchPerson[];
  try {
    people = await mintPeople(db, stack, PEOPLE, '+6016', { adult: true });
  } finally {
    await db.end();
  }
  await inBatches(people, 10, async (p) => {
    await must(
      http,
      p.token,
      ADD_CARD,
      { i: { number: '4242424242424242', expMonth: 12, expYear: 2034, cvc: '123', makeDefault: true } },
      'addCard',
    );
  });
  const payers: Payer[] = [];
  await inBatches(
    people.filter((_, i) => i % 2 === 0),
    10,
    async (p) => {
      const partner = people[people.indexOf(p) + 1];
      const { id } = await must(http, p.token, START_DIRECT, { p: partner.id }, 'startDirectConversation');
      payers.push({ ...p, conversationId: id as string }, { ...partner, conversationId: id as string });
    },
  );
  return payers;
}

/**
 * People sending each other money in 1:1 chats, end to end through GraphQL: sendMoney charges the
 * sender's card through the PSP simulator (zero latency), credits the other's Kedai wallet in one
 * balanced ledger transaction and posts the payment message. Closed loops, BENCH_CONNECTIONS at
 * once, each a new idempotency key; only COMPLETED transfers count. See bench/README.md, p2p.
 */
export const scenario: Scenario = {
  name: 'p2p',
  description: 'sendMoney between 100 people in 50 direct chats (card -> wallet), closed loops',
  needs: { worker: true },
  baseline: true,

  async run(stack) {
    const http = graphqlPoster(stack, stack.load.connections + 10);
    try {
      process.stderr.write(`bench: ${PEOPLE} people, cards and conversations\n`);
      const payers = await setUp(stack, http);
      const failures: string[] = [];
      const latencies: number[] = [];
      let completed = 0;
      let failed = 0;
      let measuring = false;
      const loop = async (worker: number, until: number) => {
        for (let n = worker; performance.now() < until && !stack.signal.aborted; n += stack.load.connections) {
          const payer = payers[n % payers.length];
          const started = performance.now();
          const res = await http.post(payer.token, SEND, { c: payer.conversationId, k: randomUUID() }).catch((e: Error) => e);
          const status = res instanceof Error ? null : (res.body.data?.sendMoney as { status?: string } | undefined)?.status;
          if (!measuring) continue;
          if (status === 'COMPLETED') {
            completed += 1;
            latencies.push(performance.now() - started);
          } else {
            failed += 1;
            if (failures.length < 3) failures.push(res instanceof Error ? res.message : JSON.stringify(res.body).slice(0, 300));
          }
        }
      };
      const { warmupSeconds, durationSeconds, connections } = stack.load;
      process.stderr.write(`bench: warm-up ${warmupSeconds} s, ${connections} senders\n`);
      const warmEnd = performance.now() + warmupSeconds * 1000;
      await Promise.all(Array.from({ length: connections }, (_, w) => loop(w, warmEnd)));
      process.stderr.write(`bench: measuring ${durationSeconds} s\n`);
      measuring = true;
      const rss = sampleRss(stack.apiPid);
      const cpu = cpuMeter(stack);
      const end = performance.now() + durationSeconds * 1000;
      await Promise.all(Array.from({ length: connections }, (_, w) => loop(w, end)));
      const cpuUsed = await cpu.stop();
      const peak = await rss.stop();
      const sorted = Float64Array.from(latencies).sort();
      const figures: Figure[] = [
        { figure: 'transfers_per_s', value: round(completed / durationSeconds, 1), unit: 'transfers/s' },
        { figure: 'p50_ms', value: round(percentile(sorted, 50), 2), unit: 'ms' },
        { figure: 'p99_ms', value: round(percentile(sorted, 99), 2), unit: 'ms' },
        { figure: 'errors', value: failed, unit: 'count' },
      ];
      if (peak !== null) figures.push({ figure: 'rss_mb', value: round(peak, 1), unit: 'MiB' });
      figures.push(...cpuFigures(stack, cpuUsed, completed, 'transfer'));
      const problems = failed ? [`${failed} transfers did not complete, e.g. ${failures.join(' | ')}`] : [];
      const rate = rateFrom('BENCH_P2P_RATE', 100);
      const atRate =
        rate > 0 && !stack.signal.aborted
          ? await runOpenLoop(stack, {
              rate,
              noun: 'transfer',
              operation: async (k) => {
                const payer = payers[k % payers.length];
                const res = await http.post(payer.token, SEND, { c: payer.conversationId, k: randomUUID() });
                const status = (res.body.data?.sendMoney as { status?: string } | undefined)?.status;
                if (status !== 'COMPLETED') throw new Error(`HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
              },
            })
          : null;
      return { figures: [...figures, ...(atRate?.figures ?? [])], failures: [...problems, ...(atRate?.failures ?? [])] };
    } finally {
      http.close();
    }
  },
};
