import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { graphqlPoster, mintPeople, type BenchPerson, type GraphqlBody, type Poster } from '../bench-client';
import { makeShops, type Shop } from '../scenarios/checkout';
import type { DrillStack } from './drill-stack';

const SHOPPERS = 8;
const CHAT_PAIRS = 6;
/** Pause between one person's operations: about 50 orders and 40 messages a second in all. */
const THINK_MS = 150;
const RETRY_MS = 250;
/** After the load stops, how long an operation still retrying may go on before it is abandoned. */
const FINISH_MS = 30_000;

const ADD = `mutation($v: ID!) { addToCart(variantId: $v, quantity: 1) { orderable } }`;
const SEND_ORDER = `mutation($b: ID!, $k: String!) { sendOrder(businessId: $b, idempotencyKey: $k) { id } }`;
const START_DIRECT = `mutation($p: ID!) { startDirectConversation(personId: $p) { id } }`;
const SEND_MESSAGE = `mutation($c: ID!, $id: String!, $body: String!) {
  sendMessage(conversationId: $c, clientMessageId: $id, content: { text: { body: $body } }) { seq } }`;

export interface Verdict {
  orders_acked: number;
  messages_acked: number;
  orders_lost: number;
  messages_lost: number;
  duplicate_effects: number;
  /** What made any of the three non-zero, a few examples. */
  problems: string[];
}

/**
 * Checkout and chat traffic as clients make it: each shopper adds to the cart and sends an order
 * (retrying a failed send with the same idempotency key until it is answered), each chatter sends
 * messages (retrying with the same clientMessageId). Every failed attempt is counted with its
 * time; every answered one is remembered, to be found in the database afterwards exactly once.
 */
export class DrillLoad {
  private running = false;
  private loops: Promise<void>[] = [];
  private stopAt = Infinity;
  /** Times (ms since epoch) of failed attempts. */
  readonly failures: number[] = [];
  readonly failureExamples: string[] = [];
  /** Orders answered: idempotency key → order id, with when sendOrder answered. */
  readonly orders = new Map<string, { personId: string; orderId: string; at: number }>();
  /** Messages answered: `${person}:${clientMessageId}`. */
  readonly messages = new Set<string>();

  private constructor(
    private readonly http: Poster,
    private readonly shops: Shop[],
    private readonly shoppers: BenchPerson[],
    private readonly chatters: BenchPerson[],
    private readonly conversations: string[],
  ) {}

  static async prepare(stack: DrillStack): Promise<DrillLoad> {
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      const shops = await makeShops(db, 'drill', 4, null);
      const shoppers = await mintPeople(db, stack, SHOPPERS, '+6017');
      const chatters = await mintPeople(db, stack, CHAT_PAIRS * 2, '+6016');
      const http = graphqlPoster({ baseUrl: stack.baseUrl }, SHOPPERS + CHAT_PAIRS * 2 + 4, 10_000);
      const conversations: string[] = [];
      for (let i = 0; i < CHAT_PAIRS; i++) {
        const res = await http.post(chatters[2 * i].token, START_DIRECT, { p: chatters[2 * i + 1].id });
        const id = (res.body.data?.startDirectConversation as { id?: string } | undefined)?.id;
        if (!id) throw new Error(`startDirectConversation: ${JSON.stringify(res.body).slice(0, 300)}`);
        conversations.push(id);
      }
      return new DrillLoad(http, shops, shoppers, chatters, conversations);
    } finally {
      await db.end();
    }
  }

  start(): void {
    this.running = true;
    this.loops = [...this.shoppers.map((_, i) => this.shopperLoop(i)), ...this.chatters.map((_, i) => this.chatterLoop(i))];
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopAt = Date.now();
    await Promise.all(this.loops);
    this.http.close();
  }

  failedBetween(from: number, to: number): number {
    return this.failures.filter((t) => t >= from && t <= to).length;
  }

  get lastFailureAt(): number {
    return this.failures.at(-1) ?? 0;
  }

  private async shopperLoop(i: number): Promise<void> {
    const person = this.shoppers[i];
    const shop = this.shops[i % this.shops.length];
    for (let n = 0; this.running; n++) {
      const key = `drill-${i}-${n}`;
      if (!(await this.attempt(person, ADD, { v: shop.variantId }, 'addToCart'))) return;
      const placed = await this.attempt(person, SEND_ORDER, { b: shop.businessId, k: key }, 'sendOrder');
      if (!placed) return;
      this.orders.set(key, { personId: person.id, orderId: (placed as { id: string }).id, at: Date.now() });
      await sleep(THINK_MS);
    }
  }

  private async chatterLoop(i: number): Promise<void> {
    const person = this.chatters[i];
    const conversation = this.conversations[Math.floor(i / 2)];
    for (let n = 0; this.running; n++) {
      const id = `drill-m-${i}-${n}`;
      const sent = await this.attempt(person, SEND_MESSAGE, { c: conversation, id, body: `message ${n}` }, 'sendMessage');
      if (!sent) return;
      this.messages.add(`${person.id}:${id}`);
      await sleep(THINK_MS);
    }
  }

  /** Sends until answered, as a client would; null when the load ended before an answer came. */
  private async attempt(person: BenchPerson, query: string, variables: Record<string, unknown>, field: string) {
    for (;;) {
      let problem: string;
      try {
        const res = await this.http.post(person.token, query, variables);
        const value = res.body.data?.[field];
        if (res.status === 200 && !res.body.errors?.length && value) return value;
        problem = `${field}: HTTP ${res.status} ${describe(res.body)}`;
      } catch (e) {
        problem = `${field}: ${(e as Error).message}`;
      }
      this.failures.push(Date.now());
      if (this.failureExamples.length < 5) this.failureExamples.push(problem);
      if (Date.now() > this.stopAt + FINISH_MS) return null;
      await sleep(RETRY_MS);
    }
  }

  /** Orders answered before `before` that the order bot has not answered yet (no order_details). */
  async unanswered(databaseUrl: string, before: number): Promise<number> {
    const ids = [...this.orders.values()].filter((o) => o.at <= before).map((o) => o.orderId);
    if (ids.length === 0) return 0;
    const rows = await query<{ n: number }>(
      databaseUrl,
      `select count(*)::int as n from unnest($1::uuid[]) as o(id)
        where not exists (select 1 from message m where m.kind = 'order_details' and m.payload->>'orderId' = o.id::text)`,
      [ids],
    );
    return rows[0].n;
  }

  /** Everything answered is in the database, once, and every order got one order_details. */
  async verdict(databaseUrl: string): Promise<Verdict> {
    const problems: string[] = [];
    const orders = [...this.orders.entries()];
    const stored = await query<{ key: string; id: string; details: number }>(
      databaseUrl,
      `select o.idempotency_key as key, o.id,
              (select count(*)::int from message m where m.kind = 'order_details' and m.payload->>'orderId' = o.id::text) as details
         from shop_order o where o.idempotency_key like 'drill-%'`,
    );
    const byKey = new Map<string, { id: string; details: number }[]>();
    for (const row of stored) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
    let ordersLost = 0;
    let duplicates = 0;
    for (const [key, acked] of orders) {
      const rows = byKey.get(key) ?? [];
      if (!rows.some((r) => r.id === acked.orderId)) {
        ordersLost++;
        problems.push(`order ${key} (${acked.orderId}) was answered but is not stored`);
      } else if (rows.find((r) => r.id === acked.orderId)!.details === 0) {
        ordersLost++;
        problems.push(`order ${key} (${acked.orderId}) never got its order_details`);
      }
    }
    for (const rows of byKey.values()) {
      if (rows.length > 1) duplicates += rows.length - 1;
      for (const r of rows) if (r.details > 1) duplicates += r.details - 1;
    }
    const messages = await query<{ who: string; n: number }>(
      databaseUrl,
      `select sender_person_id::text || ':' || client_message_id as who, count(*)::int as n
         from message where client_message_id like 'drill-m-%' group by 1`,
    );
    const counts = new Map(messages.map((m) => [m.who, m.n]));
    let messagesLost = 0;
    for (const who of this.messages) {
      if (!counts.has(who)) {
        messagesLost++;
        problems.push(`message ${who} was answered but is not stored`);
      }
    }
    for (const m of messages) if (m.n > 1) duplicates += m.n - 1;
    if (duplicates) problems.push(`${duplicates} duplicate orders, order_details or messages`);
    return {
      orders_acked: orders.length,
      messages_acked: this.messages.size,
      orders_lost: ordersLost,
      messages_lost: messagesLost,
      duplicate_effects: duplicates,
      problems: problems.slice(0, 5),
    };
  }
}

function describe(body: GraphqlBody): string {
  const e = body.errors?.[0];
  return e ? `${e.extensions?.code ?? ''} ${e.message ?? ''}`.trim() : JSON.stringify(body).slice(0, 200);
}

async function query<T>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}
