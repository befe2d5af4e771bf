import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient, type Client as SocketClient } from 'graphql-ws';
import { Client } from 'pg';
import WebSocket from 'ws';
import { graphqlPoster, mintPeople, percentile, round, type GraphqlBody, type Poster } from '../bench-client';
import { cpuFigures, cpuMeter, sampleRss } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';

const BUSINESSES = 20;
/** Units of the hot SKU, and the orders (one unit each) sent for it. */
const HOT_STOCK = 100;
const HOT_ORDERS = 2_000;
/** sendOrder requests in flight at once in the hot-SKU run. */
const HOT_IN_FLIGHT = 200;
/** How long an order sent OK may take to get its order_details (main run) or be decided (hot run). */
const GRACE_MS = 15_000;

const START_BUSINESS = `mutation($b: ID!) { startBusinessConversation(businessId: $b) { id } }`;
const ADD = `mutation($v: ID!) { addToCart(variantId: $v, quantity: 1) { orderable } }`;
const SEND = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id status } }`;
// From the conversation's start (afterSeq 0), as a client that knows its last seq asks: without it
// the stream starts where the conversation is when the server gets round to the subscription, and
// the first order's messages, written meanwhile (likelier with two API processes), are skipped.
const EVENTS = `subscription($c: ID!) { conversationEvents(conversationId: $c, afterSeq: 0) {
  type message { seq kind content { ... on OrderDetailsContent { orderId } } } } }`;

export interface Shop {
  businessId: string;
  variantId: string;
}

/** One order of the main run: when sendOrder was written, and when its order_details arrived. */
interface Sent {
  sentAt: number;
  measured: boolean;
  receivedAt: number | null;
  receipts: number;
}

/** `count` businesses (MYR, no opening hours, default checkout settings), each with one product, photo and variant. */
export async function makeShops(db: Client, tag: string, count: number, stock: number | null): Promise<Shop[]> {
  const businesses = Array.from({ length: count }, () => randomUUID());
  const products = businesses.map(() => randomUUID());
  const variants = businesses.map(() => randomUUID());
  const media = businesses.map(() => randomUUID());
  await db.query('begin');
  await db.query(
    `insert into business (id, handle, name, currency, country)
     select id, 'bench.' || $2 || lpad(n::text, 3, '0'), 'Bench ' || $2 || ' ' || n, 'MYR', 'MY'
       from unnest($1::uuid[]) with ordinality as t(id, n)`,
    [businesses, tag],
  );
  await db.query(
    `insert into product (id, business_id, retailer_id, name, price_minor, currency)
     select p, b, 'BENCH-1', 'Nasi Lemak ' || n, 1200, 'MYR'
       from unnest($1::uuid[], $2::uuid[]) with ordinality as t(p, b, n)`,
    [products, businesses],
  );
  await db.query(
    `insert into product_variant (id, product_id, business_id, sku, price_minor, stock)
     select v, p, b, 'BENCH-1', 1200, $4::int from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as t(v, p, b)`,
    [variants, products, businesses, stock],
  );
  // Photos as rows only: a product is sellable once it has one; nothing reads the file.
  await db.query(
    `insert into media_asset (id, business_id, mime, width, height, bytes, status, attached_at)
     select m, b, 'image/jpeg', 1280, 960, 180000, 'attached', now() from unnest($1::uuid[], $2::uuid[]) as t(m, b)`,
    [media, businesses],
  );
  await db.query(
    `insert into product_photo (product_id, media_id, position, width, height)
     select p, m, 0, 1280, 960 from unnest($1::uuid[], $2::uuid[]) as t(p, m)`,
    [products, media],
  );
  await db.query('commit');
  return businesses.map((businessId, i) => ({ businessId, variantId: variants[i] }));
}

/** The request's answer field, or an Error describing why there is none. */
function answer<T>(res: { status: number; body: GraphqlBody }, field: string): T | Error {
  const value = res.body.data?.[field] as T | undefined;
  if (res.status === 200 && !res.body.errors?.length && value) return value;
  return new Error(`${field}: HTTP ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
}

/** A bounded list of example problems, and how many there were in all. */
class Problems {
  count = 0;
  readonly examples: string[] = [];
  add(message: string): void {
    this.count++;
    if (this.examples.length < 3) this.examples.push(message.slice(0, 300));
  }
}

interface MainOutcome {
  figures: Figure[];
  failures: string[];
}

/**
 * The main run: one shopper per connection, each subscribed to its conversation with one of 20
 * businesses, looping add to cart → sendOrder → wait for that order's order_details on the
 * subscription → next.
 */
async function mainRun(stack: Stack, db: Client, http: Poster): Promise<MainOutcome> {
  const { warmupSeconds, durationSeconds, connections } = stack.load;
  const failures: string[] = [];
  process.stderr.write(`bench: ${BUSINESSES} businesses (untracked stock), ${connections} shoppers with sessions\n`);
  const shops = await makeShops(db, 'm', BUSINESSES, null);
  const people = await mintPeople(db, stack, connections, '+6018');
  const shopOf = (i: number) => shops[i % BUSINESSES];

  const conversations: string[] = [];
  for (const [i, person] of people.entries()) {
    const made = answer<{ id: string }>(
      await http.post(person.token, START_BUSINESS, { b: shopOf(i).businessId }),
      'startBusinessConversation',
    );
    if (made instanceof Error) return { figures: [], failures: [made.message] };
    conversations.push(made.id);
  }

  const sent = new Map<string, Sent>();
  /** order_details that arrived before sendOrder answered with the order's id (possible in principle). */
  const early = new Map<string, number>();
  /** Per shopper: resolves when the order it waits for has its order_details. */
  const waiters = new Map<string, () => void>();
  let duplicates = 0;
  const socketProblems = new Problems();
  const wsUrl = `${stack.baseUrl.replace(/^http/, 'ws')}/graphql`;
  const clients: SocketClient[] = people.map((person, i) => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${person.token}` },
      retryAttempts: 0,
    });
    client.subscribe(
      { query: EVENTS, variables: { c: conversations[i] } },
      {
        next: ({ data, errors }) => {
          const at = performance.now();
          if (errors?.length) socketProblems.add(JSON.stringify(errors));
          const event = (
            data as { conversationEvents?: { type: string; message?: { kind: string; content?: { orderId?: string } } } }
          )?.conversationEvents;
          const orderId =
            event?.type === 'MESSAGE' && event.message?.kind === 'ORDER_DETAILS' ? event.message.content?.orderId : undefined;
          if (!orderId) return;
          const order = sent.get(orderId);
          if (!order) {
            if (early.has(orderId)) duplicates++;
            else early.set(orderId, at);
            return;
          }
          order.receipts++;
          if (order.receipts > 1) return void duplicates++;
          order.receivedAt = at;
          waiters.get(orderId)?.();
        },
        error: (e) => socketProblems.add(String((e as Error)?.message ?? JSON.stringify(e))),
        complete: () => undefined,
      },
    );
    return client;
  });

  try {
    // graphql-ws gives no "subscribed" acknowledgement; a first order per shopper, not measured,
    // proves each subscription live (its order_details must arrive on it: caught up from seq 0 if
    // it was written before the server started the stream) and warms every path.
    process.stderr.write(`bench: ${connections} subscriptions; one unmeasured order each to see them live\n`);
    const sendProblems = new Problems();
    let counter = 0;

    const placeOne = async (i: number, measuredFrom: number): Promise<boolean> => {
      const person = people[i];
      const shop = shopOf(i);
      const added = answer<{ orderable: boolean }>(await http.post(person.token, ADD, { v: shop.variantId }), 'addToCart');
      if (added instanceof Error) throw added;
      const sentAt = performance.now();
      const res = await http.post(person.token, SEND, { b: shop.businessId, k: `bench-${i}-${counter++}` });
      const placed = answer<{ id: string; status: string }>(res, 'sendOrder');
      if (placed instanceof Error) throw placed;
      const order: Sent = { sentAt, measured: sentAt >= measuredFrom, receivedAt: null, receipts: 0 };
      sent.set(placed.id, order);
      const arrived = early.get(placed.id);
      if (arrived !== undefined) {
        early.delete(placed.id);
        order.receipts = 1;
        order.receivedAt = arrived;
        return true;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(placed.id);
          resolve();
        }, GRACE_MS);
        waiters.set(placed.id, () => {
          clearTimeout(timer);
          waiters.delete(placed.id);
          resolve();
        });
      });
      return order.receivedAt !== null;
    };

    const firsts = await Promise.all(
      people.map((_, i) =>
        placeOne(i, Infinity).catch((e: Error) => {
          sendProblems.add(e.message);
          return false;
        }),
      ),
    );
    const dead = firsts.filter((ok) => !ok).length;
    if (dead) {
      return {
        figures: [],
        failures: [
          `${dead} of ${connections} shoppers never got their first order_details within ${GRACE_MS / 1000} s` +
            (sendProblems.count ? `; ${sendProblems.count} sends failed, e.g. ${sendProblems.examples.join(' | ')}` : '') +
            (socketProblems.count ? `; subscription errors, e.g. ${socketProblems.examples.join(' | ')}` : ''),
        ],
      };
    }
    if (stack.signal.aborted) return { figures: [], failures };

    const start = performance.now();
    const warmEnd = start + warmupSeconds * 1000;
    const stopAt = warmEnd + durationSeconds * 1000;
    process.stderr.write(
      `bench: ${warmupSeconds > 0 ? `warm-up ${warmupSeconds} s, then ` : ''}measuring ${durationSeconds} s, ${connections} shoppers in closed loops\n`,
    );
    let rss: { stop(): Promise<number | null> } | undefined;
    let cpu: ReturnType<typeof cpuMeter> | undefined;
    const rssTimer = setTimeout(
      () => {
        rss = sampleRss(stack.apiPid);
        cpu = cpuMeter(stack);
      },
      Math.max(0, warmEnd - performance.now()),
    );
    await Promise.all(
      people.map(async (_, i) => {
        while (performance.now() < stopAt && !stack.signal.aborted) {
          try {
            await placeOne(i, warmEnd);
          } catch (e) {
            sendProblems.add((e as Error).message);
            await sleep(100); // an error answer must not become a tight loop
          }
        }
      }),
    );
    clearTimeout(rssTimer);
    const cpuUsed = await cpu?.stop();
    const peakRss = rss ? await rss.stop() : null;
    if (stack.signal.aborted) return { figures: [], failures };

    const all = [...sent.values()];
    const measured = all.filter((o) => o.measured);
    const received = measured.filter((o) => o.receivedAt !== null);
    // Sustained throughput: order_details that arrived within the measured window, per second of it.
    const inWindow = all.filter((o) => o.receivedAt !== null && o.receivedAt >= warmEnd && o.receivedAt < stopAt).length;
    const latencies = Float64Array.from(received.map((o) => o.receivedAt! - o.sentAt)).sort();
    const lost = all.filter((o) => o.receivedAt === null).length;

    if (sendProblems.count) failures.push(`${sendProblems.count} requests failed, e.g. ${sendProblems.examples.join(' | ')}`);
    if (lost)
      failures.push(
        `${lost} orders sent OK never got their order_details on the shopper's subscription within ${GRACE_MS / 1000} s`,
      );
    if (duplicates) failures.push(`${duplicates} order_details messages arrived twice`);
    if (early.size) failures.push(`${early.size} order_details arrived for orders the bench never placed`);
    if (socketProblems.count)
      failures.push(`${socketProblems.count} subscription errors, e.g. ${socketProblems.examples.join(' | ')}`);

    // The database's side: every order the bench placed is priced and waiting for payment, none given up on.
    const [state] = (
      await db.query<{ pending: number; failed: number; awaiting: number }>(
        `select count(*) filter (where status = 'pending')::int as pending,
                count(*) filter (where bot_error is not null)::int as failed,
                count(*) filter (where status = 'awaiting_payment')::int as awaiting
           from shop_order where business_id = any($1::uuid[])`,
        [shops.map((s) => s.businessId)],
      )
    ).rows;
    if (state.pending || state.failed)
      failures.push(`after the run ${state.pending} orders are still pending, ${state.failed} with a bot error`);
    process.stderr.write(
      `bench: ${all.length} orders in all (${measured.length} sent in the measured window), ${state.awaiting} awaiting payment in the database\n`,
    );
    // Where the time goes after sendOrder (orders sent in the measured window), on the database's
    // clock from the start of sendOrder's statement (its outbox row's created_at): to the relay's
    // claim of the bot's job (the commit, the relay's wake-up), and to the bot's order_details
    // statement (BullMQ and the bot's read besides). The rest of a shopper's latency is the API's
    // two requests, the announcement and the fan-out to the subscription.
    const [hop] = (
      await db.query<{ p50: number | null; p99: number | null; relay50: number | null; relay99: number | null }>(
        `select percentile_cont(0.5) within group (order by ms) as p50, percentile_cont(0.99) within group (order by ms) as p99,
                percentile_cont(0.5) within group (order by relay) as relay50, percentile_cont(0.99) within group (order by relay) as relay99
           from (select extract(epoch from m.created_at - ob.created_at) * 1000 as ms,
                        extract(epoch from ob.sent_at - ob.created_at) * 1000 as relay
                   from shop_order o join message m on m.conversation_id = o.conversation_id
                    and m.client_message_id = 'order:' || o.id || ':details'
                   join outbox ob on ob.name = 'orders.process' and ob.payload->>'orderId' = o.id::text
                  where o.id = any($1::uuid[])) x`,
        [[...sent].filter(([, o]) => o.measured).map(([id]) => id)],
      )
    ).rows;
    process.stderr.write(
      `bench: sendOrder's statement → order_details written (database clock): p50 ${round(hop.p50 ?? 0, 1)} ms, p99 ${round(hop.p99 ?? 0, 1)} ms; ` +
        `of which → the relay's claim p50 ${round(hop.relay50 ?? 0, 1)} ms, p99 ${round(hop.relay99 ?? 0, 1)} ms\n`,
    );

    const figures: Figure[] = [
      { figure: 'orders_per_s', value: round(inWindow / durationSeconds, 1), unit: 'orders/s' },
      { figure: 'p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
      { figure: 'p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
    ];
    if (peakRss !== null) figures.push({ figure: 'rss_mb', value: round(peakRss, 1), unit: 'MiB' });
    figures.push(
      { figure: 'lost', value: lost, unit: 'count' },
      { figure: 'errors', value: sendProblems.count + socketProblems.count + duplicates, unit: 'count' },
    );
    if (cpuUsed) figures.push(...cpuFigures(stack, cpuUsed, inWindow, 'order'));
    return { figures, failures };
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
  }
}

/**
 * The hot-SKU run: one variant with HOT_STOCK units in one business, HOT_ORDERS shoppers with one
 * unit each in their carts, every sendOrder fired at once (HOT_IN_FLIGHT at a time) while the bot
 * works; then the database must show exactly HOT_STOCK units reserved, no stock below zero, and
 * every order decided (awaiting payment or canceled as sold out).
 */
async function hotRun(stack: Stack, db: Client, http: Poster): Promise<MainOutcome> {
  const failures: string[] = [];
  process.stderr.write(`bench: hot SKU: stock ${HOT_STOCK}, ${HOT_ORDERS} shoppers with one unit each in their carts\n`);
  const [shop] = await makeShops(db, 'h', 1, HOT_STOCK);
  const people = await mintPeople(db, stack, HOT_ORDERS, '+6017');
  // The carts straight into the database: setting them up is not what this run measures.
  await db.query(
    `insert into cart_line (person_id, business_id, variant_id, quantity) select p, $2, $3, 1 from unnest($1::uuid[]) as t(p)`,
    [people.map((p) => p.id), shop.businessId, shop.variantId],
  );

  const sendProblems = new Problems();
  let placed = 0;
  /** sendOrder refused because the cart could no longer be ordered: sold out already known to the API. */
  let refused = 0;
  let next = 0;
  const start = performance.now();
  const sender = async () => {
    while (next < people.length && !stack.signal.aborted) {
      const i = next++;
      try {
        const res = await http.post(people[i].token, SEND, { b: shop.businessId, k: `hot-order-${i}` });
        const order = answer<{ id: string }>(res, 'sendOrder');
        if (!(order instanceof Error)) placed++;
        else if (res.body.errors?.[0]?.extensions?.code === 'CART_NOT_ORDERABLE') refused++;
        else sendProblems.add(order.message);
      } catch (e) {
        sendProblems.add((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: HOT_IN_FLIGHT }, sender));
  const sentIn = performance.now() - start;
  if (stack.signal.aborted) return { figures: [], failures };

  type Tally = { pending: number; awaiting: number; canceled: number; other: number; failed: number };
  const tally = async (): Promise<Tally> =>
    (
      await db.query<Tally>(
        `select count(*) filter (where status = 'pending')::int as pending,
                count(*) filter (where status = 'awaiting_payment')::int as awaiting,
                count(*) filter (where status = 'canceled')::int as canceled,
                count(*) filter (where status not in ('pending', 'awaiting_payment', 'canceled'))::int as other,
                count(*) filter (where bot_error is not null)::int as failed
           from shop_order where business_id = $1`,
        [shop.businessId],
      )
    ).rows[0];
  let t = await tally();
  const deadline = performance.now() + GRACE_MS;
  while (t.pending > 0 && performance.now() < deadline && !stack.signal.aborted) {
    await sleep(20);
    t = await tally();
  }
  const decidedIn = performance.now() - start;
  if (stack.signal.aborted) return { figures: [], failures };

  const [stock] = (
    await db.query<{ stock: number | null; reserved: number; reservations: number }>(
      `select v.stock,
              coalesce((select sum(quantity) from stock_reservation r where r.variant_id = v.id and r.state = 'held'), 0)::int as reserved,
              (select count(*) from stock_reservation r where r.variant_id = v.id)::int as reservations
         from product_variant v where v.id = $1`,
      [shop.variantId],
    )
  ).rows;
  const sold = t.awaiting;
  const oversold = Math.max(0, stock.reserved - HOT_STOCK) + Math.max(0, sold - HOT_STOCK) + Math.max(0, -(stock.stock ?? 0));
  const orders = t.pending + t.awaiting + t.canceled + t.other;

  if (oversold)
    failures.push(`hot SKU oversold by ${oversold} (${sold} orders awaiting payment, ${stock.reserved} units reserved)`);
  if (t.pending) failures.push(`hot SKU: ${t.pending} orders still pending ${GRACE_MS / 1000} s after the last send`);
  if (t.other || t.failed) failures.push(`hot SKU: ${t.other} orders in an unexpected state, ${t.failed} with a bot error`);
  // A send that failed on the client's side (a timeout) may still have made its order.
  if (orders < placed || orders > placed + sendProblems.count)
    failures.push(
      `hot SKU: sendOrder placed ${placed} orders (${sendProblems.count} sends failed) but the database holds ${orders}`,
    );
  if (placed + refused + sendProblems.count !== HOT_ORDERS)
    failures.push(`hot SKU: ${HOT_ORDERS - placed - refused} sends unaccounted for`);
  if (sendProblems.count) failures.push(`hot SKU: ${sendProblems.count} sends failed, e.g. ${sendProblems.examples.join(' | ')}`);
  if (placed >= HOT_STOCK && (stock.stock !== 0 || stock.reserved !== HOT_STOCK || sold !== HOT_STOCK))
    failures.push(
      `hot SKU: stock ${stock.stock}, ${stock.reserved} units held, ${sold} orders sold: expected 0, ${HOT_STOCK}, ${HOT_STOCK}`,
    );
  if (stock.reservations !== sold)
    failures.push(`hot SKU: ${stock.reservations} reservation rows for ${sold} orders awaiting payment`);
  process.stderr.write(
    `bench: hot SKU: ${placed} orders placed and ${refused} refused at sendOrder (cart no longer orderable) in ${round(sentIn / 1000, 2)} s; ` +
      `${t.awaiting} awaiting payment, ${t.canceled} canceled as sold out; stock now ${stock.stock}, ${stock.reserved} units held; ` +
      `all decided after ${round(decidedIn / 1000, 2)} s\n`,
  );

  return {
    figures: [
      { figure: 'hot_sold', value: sold, unit: 'count' },
      { figure: 'oversold', value: oversold, unit: 'count' },
      { figure: 'hot_orders_per_s', value: round((placed + refused) / (decidedIn / 1000), 1), unit: 'orders/s' },
      { figure: 'hot_sold_out_in_chat', value: t.canceled, unit: 'count' },
      { figure: 'hot_refused_at_send', value: refused, unit: 'count' },
    ],
    failures,
  };
}

/**
 * Shoppers ordering from 20 businesses in closed loops through GraphQL while the worker's order
 * bot prices them; latency is sendOrder → the order's order_details on the shopper's own
 * subscription. Then a hot-SKU run. See bench/README.md, checkout.
 */
export const scenario: Scenario = {
  name: 'checkout',
  description:
    'shoppers in closed loops: addToCart, sendOrder, order_details on the subscription; then 2,000 orders for 100 units',
  needs: { worker: true },
  baseline: true,

  async run(stack) {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    // 30 s: in the hot-SKU run, HOT_IN_FLIGHT sends queue in the API at once.
    const http = graphqlPoster(stack, Math.max(stack.load.connections, HOT_IN_FLIGHT), 30_000);
    try {
      const main = await mainRun(stack, db, http);
      // BENCH_CHECKOUT_HOT=0 skips the hot-SKU run (when profiling the main one).
      if (stack.signal.aborted || main.figures.length === 0 || process.env.BENCH_CHECKOUT_HOT === '0') return main;
      const hot = await hotRun(stack, db, http);
      return { figures: [...main.figures, ...hot.figures], failures: [...main.failures, ...hot.failures] };
    } finally {
      http.close();
      await db.end();
    }
  },
};
