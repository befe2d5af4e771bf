import { createHmac } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { graphqlPoster, mintPeople, percentile, round } from '../bench-client';
import { cpuMeter } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';

// The bench's stack runs in production mode, where the bridge is off without an app secret: set
// one before the stack starts (scenario files are loaded first).
const SECRET = (process.env.WHATSAPP_APP_SECRET ||= 'bench-whatsapp-app-secret-0123456789');
const META_NUMBER = '106540352242922';
const SENDERS = 500;
/** How long processing may take to catch up after the load before what is missing counts as lost. */
const DRAIN_MS = 240_000;

const CREATE = `mutation($input: CreateBusinessInput!) { createBusiness(input: $input) { id } }`;
const CONNECT = `mutation($b: ID!, $n: String!) { connectWhatsappNumber(businessId: $b, metaPhoneNumberId: $n) { metaPhoneNumberId } }`;

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

/** Meta's text-message webhook for one message of one sender, as Meta shapes it. */
function webhook(messageId: string, sender: number, text: string, entryId = '419561257915477'): string {
  const waId = `1650${String(5_000_000 + sender)}`;
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: entryId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: META_NUMBER },
              contacts: [{ profile: { name: `Bench ${sender}` }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  });
}

function poster(stack: Stack, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL('/whatsapp/webhook', stack.baseUrl);
  const post = (body: string) =>
    new Promise<number>((resolve) => {
      const req = request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
          },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => resolve(0));
      req.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/**
 * The bridge under load. Phase 1 (throughput): BENCH_CONNECTIONS clients post signed inbound
 * webhooks back to back for BENCH_DURATION_S; every 20th is a replay of an earlier body and every
 * 20th carries an earlier message id in another envelope. Figures: accepted webhooks per second
 * and the 200's latency. Phase 2 (end to end): webhooks at BENCH_WEBHOOK_RATE per second for 10 s
 * once phase 1 is processed; e2e is from the send to the message's row in the conversation.
 * After both, every distinct message id must be in Kedai exactly once: `lost`, `duplicates`.
 */
export const scenario: Scenario = {
  name: 'webhook',
  description:
    'signed WhatsApp webhooks into the bridge: accepted per second, p99 of the 200, webhook-to-message latency, lost, duplicates',
  needs: { worker: true },
  baseline: true,

  async run(stack) {
    const failures: string[] = [];
    const rate = positive('BENCH_WEBHOOK_RATE', 100);
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    const [owner] = await mintPeople(db, stack, 1, '+6017');
    const gql = graphqlPoster(stack, 2);
    const made = await gql.post(owner.token, CREATE, {
      input: { name: 'Bench WhatsApp', handle: `bench.wa${Date.now() % 100000}`, currency: 'MYR', country: 'MY' },
    });
    const businessId = (made.body.data?.createBusiness as { id?: string } | undefined)?.id;
    if (!businessId) return { figures: [], failures: [`createBusiness: ${JSON.stringify(made.body).slice(0, 300)}`] };
    const connected = await gql.post(owner.token, CONNECT, { b: businessId, n: META_NUMBER });
    gql.close();
    if (connected.body.errors)
      return { figures: [], failures: [`connectWhatsappNumber: ${JSON.stringify(connected.body.errors)}`] };

    const http = poster(stack, stack.load.connections);
    const sentAt = new Map<string, number>();
    let n = 0;
    const next = (): string => {
      n += 1;
      const id = `wamid.bench-${n}`;
      // A replay of an id sent before: n - 19 is never itself a replay slot (those are 0 and 10 mod 20),
      // so the replayed id was sent as itself; replaying n - 20 named ids never sent, which the count of
      // distinct ids took for extra messages (lost went negative and the drain could end early).
      if (n % 20 === 0 && n > 40) return webhook(`wamid.bench-${n - 19}`, (n - 19) % SENDERS, `message ${n - 19}`);
      // An id sent before (n - 25 is never itself a replay), in another envelope.
      if (n % 20 === 10 && n > 40)
        return webhook(`wamid.bench-${n - 25}`, (n - 25) % SENDERS, `message ${n - 25}`, '419561257915478');
      if (!sentAt.has(id)) sentAt.set(id, Date.now());
      return webhook(id, n % SENDERS, `message ${n}`);
    };

    // Phase 1: as fast as the connections allow.
    const latencies: number[] = [];
    let accepted = 0;
    let refused = 0;
    const until = performance.now() + stack.load.warmupSeconds * 1000;
    const end = until + stack.load.durationSeconds * 1000;
    let measuredFrom = 0;
    // CPU: the API's over the measured window (per accepted webhook); the worker's from the first
    // webhook to the end of the drain (per distinct phase-1 message), since it works behind.
    const workerCpu = cpuMeter(stack);
    let apiCpu: ReturnType<typeof cpuMeter> | undefined;
    const meterStart = setTimeout(() => (apiCpu = cpuMeter(stack)), Math.max(0, until - performance.now()));
    await Promise.all(
      Array.from({ length: stack.load.connections }, async () => {
        while (performance.now() < end && !stack.signal.aborted) {
          const body = next();
          const t0 = performance.now();
          const status = await http.post(body);
          const t1 = performance.now();
          if (t0 < until) continue;
          if (!measuredFrom) measuredFrom = t0;
          latencies.push(t1 - t0);
          if (status === 200) accepted++;
          else refused++;
        }
      }),
    );
    const elapsedS = (performance.now() - (measuredFrom || until)) / 1000;
    clearTimeout(meterStart);
    const apiUsed = await apiCpu?.stop();
    if (refused) failures.push(`${refused} webhooks were not answered 200`);

    const count = async () =>
      Number(
        (
          await db.query(
            `select count(distinct client_message_id)::int as n from message where client_message_id like 'wamid.bench-%'`,
          )
        ).rows[0].n,
      );
    const drain = async (want: number) => {
      const deadline = Date.now() + DRAIN_MS;
      let got = await count();
      while (got < want && Date.now() < deadline && !stack.signal.aborted) {
        await sleep(500);
        got = await count();
      }
      return got;
    };
    process.stderr.write(`bench: phase 1 sent ${sentAt.size} distinct messages; waiting for the worker\n`);
    const drainStart = performance.now();
    await drain(sentAt.size);
    const drainS = (performance.now() - drainStart) / 1000;
    const workerUsed = await workerCpu.stop();
    const phase1Messages = sentAt.size;

    // Phase 2: a steady rate, for the time from webhook to message.
    const phase2: string[] = [];
    const tick = 1000 / rate;
    const start2 = performance.now();
    const pending: Promise<number>[] = [];
    for (let i = 0; i < rate * 10 && !stack.signal.aborted; i++) {
      const wait = start2 + i * tick - performance.now();
      if (wait > 0) await sleep(wait);
      n += 1;
      const id = `wamid.bench-${n}`;
      sentAt.set(id, Date.now());
      phase2.push(id);
      pending.push(http.post(webhook(id, n % SENDERS, `steady ${n}`)));
    }
    const statuses = await Promise.all(pending);
    if (statuses.some((s) => s !== 200))
      failures.push(`${statuses.filter((s) => s !== 200).length} phase-2 webhooks were not answered 200`);
    const found = await drain(sentAt.size);
    http.close();

    const rows = (
      await db.query(
        `select client_message_id as id, (extract(epoch from created_at) * 1000)::float8 as at, count(*) over (partition by client_message_id)::int as copies
           from message where client_message_id like 'wamid.bench-%'`,
      )
    ).rows as { id: string; at: number; copies: number }[];
    await db.end();
    const duplicates = rows.length - new Set(rows.map((r) => r.id)).size;
    const e2e = Float64Array.from(rows.filter((r) => phase2.includes(r.id)).map((r) => r.at - (sentAt.get(r.id) ?? r.at))).sort();
    const sorted = Float64Array.from(latencies).sort();
    const lost = sentAt.size - found;
    if (lost) failures.push(`${lost} messages did not reach Kedai within ${DRAIN_MS / 1000} s`);
    if (duplicates) failures.push(`${duplicates} messages were stored twice`);

    const figures: Figure[] = [
      { figure: 'webhooks_per_s', value: round(accepted / elapsedS, 1), unit: 'req/s' },
      { figure: 'p50_ms', value: round(percentile(sorted, 50), 1), unit: 'ms' },
      { figure: 'p99_ms', value: round(percentile(sorted, 99), 1), unit: 'ms' },
      { figure: 'phase1_messages', value: sentAt.size - phase2.length, unit: 'count' },
      { figure: 'phase1_drain_s', value: round(drainS, 1), unit: 's' },
      { figure: 'e2e_rate', value: rate, unit: 'req/s' },
      { figure: 'e2e_p50_ms', value: round(percentile(e2e, 50), 1), unit: 'ms' },
      { figure: 'e2e_p99_ms', value: round(percentile(e2e, 99), 1), unit: 'ms' },
      { figure: 'api_cpu_ms_per_webhook', value: round((apiUsed?.apiMs ?? 0) / Math.max(1, accepted), 3), unit: 'ms' },
      { figure: 'worker_cpu_ms_per_message', value: round(workerUsed.workerMs / Math.max(1, phase1Messages), 3), unit: 'ms' },
      { figure: 'lost', value: lost, unit: 'count' },
      { figure: 'duplicates', value: duplicates, unit: 'count' },
    ];
    return { figures, failures };
  },
};
