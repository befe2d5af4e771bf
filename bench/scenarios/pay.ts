import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import { rateFrom, runOpenLoop } from '../open-loop';
import type { Scenario, Stack } from '../scenario';

/** The development code sender's file, relative to the repository root the stack runs in (DEV_CODES_FILE's default). */
const CODES_FILE = join(__dirname, '..', '..', '..', process.env.DEV_CODES_FILE ?? 'var/dev-codes.jsonl');
/** Enough shoppers that none of them comes near the per-account rate limit (300 GraphQL fields a minute). */
const SHOPPERS = 400;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes differ per operation
type Data = Record<string, any>;

interface Shopper {
  auth: string;
}

let ipCounter = 0;
const nextIp = () => `198.18.${Math.floor(++ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;

async function gql(stack: Stack, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.any([stack.signal, AbortSignal.timeout(30_000)]),
  });
  const body = (await res.json()) as { data?: Data; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new Error(`${body.errors[0].extensions?.code}: ${body.errors[0].message}`);
  return body.data!;
}

/**
 * Signs a shopper in the way a phone does: request a code, read it where the development sender
 * "delivers" it (the API runs NODE_ENV=production, but the dev sender is the only one built, so it
 * writes codes to DEV_CODES_FILE there too), verify it. Each shopper comes from its own address
 * (X-Forwarded-For, trusted from loopback), so the per-IP code limit sees distinct devices.
 */
async function signIn(stack: Stack, phone: string): Promise<Shopper> {
  const device = { 'x-forwarded-for': nextIp() };
  await gql(stack, 'mutation($p:String!){ requestSignInCode(phone:$p){ phone } }', { p: phone }, device);
  let code: string | undefined;
  for (let i = 0; i < 50 && !code; i += 1) {
    const lines = (await readFile(CODES_FILE, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    code = lines.map((l) => JSON.parse(l) as { phone: string; code: string }).findLast((l) => l.phone === phone)?.code;
    if (!code) await new Promise((r) => setTimeout(r, 20));
  }
  if (!code) throw new Error(`no sign-in code for ${phone} in ${CODES_FILE}`);
  const data = await gql(
    stack,
    'mutation($p:String!,$c:String!){ verifySignInCode(phone:$p, code:$c){ accessToken } }',
    { p: phone, c: code },
    device,
  );
  return { auth: `Bearer ${data.verifySignInCode.accessToken}` };
}

const CREATE = `mutation($i: CreatePaymentIntentInput!){ createPaymentIntent(input:$i){ id state } }`;
/**
 * BENCH_PAY_CALLS: 1 (default) pays with createPaymentIntent(confirm: true), one request per
 * payment; 2 creates, then confirms, as clients that show the intent in between do.
 */
const ONE_CALL = (process.env.BENCH_PAY_CALLS ?? '1') !== '2';
const CONFIRM = `mutation($id: ID!, $k: String){ confirmPaymentIntent(id:$id, input:{ idempotencyKey:$k }){ id state } }`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const scenario: Scenario = {
  name: 'pay',
  description:
    'shoppers paying (createPaymentIntent + confirmPaymentIntent with a saved card) through GraphQL, simulator at zero latency',
  needs: { worker: true },
  baseline: true,
  async run(stack) {
    const run = randomBytes(2).toString('hex');
    // +6017, a digit 1–9 and six more: a valid Malaysian mobile range for every run and index
    // (+60170… is not, nor +6011 with eight digits for some prefixes; the demo seed's people are +60123…).
    const phone = (i: number) => `+6017${String(1 + (parseInt(run, 16) % 9))}${String(i).padStart(6, '0')}`;

    process.stderr.write(`bench: signing in a merchant and ${SHOPPERS} shoppers\n`);
    const owner = await signIn(stack, phone(999_999));
    const biz = await gql(
      stack,
      'mutation($i: CreateBusinessInput!){ createBusiness(input:$i){ id } }',
      { i: { handle: `pay.bench.${run}`, name: 'Pay bench', currency: 'MYR', country: 'MY' } },
      { authorization: owner.auth },
    );
    const businessId = biz.createBusiness.id as string;
    await gql(
      stack,
      'mutation($b: ID!){ setPayoutAccount(businessId:$b, input:{ holderName:"Bench", bankName:"Bench Bank", accountNumber:"12345678" }){ businessId } }',
      { b: businessId },
      { authorization: owner.auth },
    );
    const shoppers: Shopper[] = [];
    for (let start = 0; start < SHOPPERS; start += 20) {
      const batch = await Promise.all(
        Array.from({ length: 20 }, async (_, k) => {
          const s = await signIn(stack, phone(start + k));
          const h = { authorization: s.auth };
          await gql(stack, 'mutation{ updateProfile(input:{ dateOfBirth:"1990-01-01" }){ id } }', {}, h);
          await gql(
            stack,
            'mutation{ addCard(input:{ number:"4242424242424242", expMonth:12, expYear:2034, cvc:"123" }){ id } }',
            {},
            h,
          );
          return s;
        }),
      );
      shoppers.push(...batch);
    }

    let next = 0;
    let errors = 0;
    let firstError = '';
    const pay = async (): Promise<number> => {
      const s = shoppers[next++ % shoppers.length];
      const h = { authorization: s.auth };
      const t0 = performance.now();
      const created = await gql(
        stack,
        CREATE,
        {
          i: {
            businessId,
            amount: '1250',
            currency: 'MYR',
            purpose: { kind: 'ORDER', referenceId: `bench-${randomBytes(8).toString('hex')}` },
            ...(ONE_CALL && { confirm: true, idempotencyKey: `pay-${randomBytes(8).toString('hex')}` }),
          },
        },
        h,
      );
      if (ONE_CALL) {
        if (created.createPaymentIntent.state !== 'SUCCEEDED')
          throw new Error(`payment ended ${created.createPaymentIntent.state}`);
        return performance.now() - t0;
      }
      const id = created.createPaymentIntent.id as string;
      const confirmed = await gql(stack, CONFIRM, { id, k: `confirm-${id}` }, h);
      if (confirmed.confirmPaymentIntent.state !== 'SUCCEEDED')
        throw new Error(`payment ended ${confirmed.confirmPaymentIntent.state}`);
      return performance.now() - t0;
    };
    const phase = async (seconds: number, record: boolean) => {
      const latencies: number[] = [];
      const deadline = Date.now() + seconds * 1000;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: stack.load.connections }, async () => {
          while (Date.now() < deadline && !stack.signal.aborted) {
            try {
              const ms = await pay();
              if (record) latencies.push(ms);
            } catch (err) {
              if (record) errors += 1;
              firstError ||= (err as Error).message;
            }
          }
        }),
      );
      return { latencies, elapsedS: (Date.now() - started) / 1000 };
    };

    if (stack.load.warmupSeconds > 0) {
      process.stderr.write(`bench: warm-up ${stack.load.warmupSeconds} s\n`);
      await phase(stack.load.warmupSeconds, false);
    }
    process.stderr.write(
      `bench: paying for ${stack.load.durationSeconds} s with ${stack.load.connections} concurrent shoppers\n`,
    );
    const rss = sampleRss(stack.apiPid);
    const cpu = cpuMeter(stack);
    const { latencies, elapsedS } = await phase(stack.load.durationSeconds, true);
    const cpuUsed = await cpu.stop();
    const peak = await rss.stop();
    latencies.sort((a, b) => a - b);
    const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
    const rate = rateFrom('BENCH_PAY_RATE', 200);
    const atRate =
      rate > 0 && !stack.signal.aborted
        ? await runOpenLoop(stack, { rate, noun: 'payment', operation: () => pay().then(() => undefined) })
        : null;
    return {
      figures: [
        { figure: 'payments_per_s', value: round(latencies.length / elapsedS), unit: 'payments/s' },
        { figure: 'p50_ms', value: round(percentile(latencies, 50)), unit: 'ms' },
        { figure: 'p99_ms', value: round(percentile(latencies, 99)), unit: 'ms' },
        { figure: 'errors', value: errors, unit: 'count' },
        ...(peak !== null ? [{ figure: 'rss_mb', value: round(peak), unit: 'MiB' }] : []),
        ...cpuFigures(stack, cpuUsed, latencies.length, 'payment'),
        ...(atRate?.figures ?? []),
      ],
      failures: [...(errors > 0 ? [`${errors} payments failed; first: ${firstError}`] : []), ...(atRate?.failures ?? [])],
    };
  },
};
