import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxService } from '@kedai/core';
import { processOrder } from './checkout.jobs';
import type { Order } from './entities/order.entity';

/** Attempts before the bot gives up on an order and shows the merchant why (its dead letter): the queues' default. */
export const BOT_ATTEMPTS = 8;

/** How much waiting one place in a business's backlog is worth, in milliseconds (see botPriority). */
export const RANK_WORTH_MS = 100;
/** The clock's part of a priority counts RANK_WORTH_MS ticks and wraps after this many (about 55 hours). */
const CLOCK_TICKS = 2_000_000;
/** BullMQ's largest priority. */
const MAX_PRIORITY = 2_097_152;

/** The clock's part of a job's priority at `nowMs`: one more every RANK_WORTH_MS. */
export function clockTicks(nowMs: number): number {
  return Math.floor(nowMs / RANK_WORTH_MS) % CLOCK_TICKS;
}

/**
 * A bot job's BullMQ priority (lower is served first): the clock plus the order's place in its
 * own business's backlog (1 for its oldest waiting order, 2 for the next…). The rank alone made
 * a business with ten thousand orders waiting fill priorities 1 to 10,000 so that another
 * business's first order went next, as it should; but a rank is given once, when the order is
 * queued, and never moves up, so under a steady load a business with three shoppers at once kept
 * sending rank-3 orders that waited behind every rank-1 and rank-2 order the other businesses
 * sent after them (starved: a p99 of 9 s in the checkout bench while the median was 0.4 s). With
 * the clock in it, each place in a backlog is worth RANK_WORTH_MS of waiting: a business's flood
 * still goes behind others' first orders for as long as its backlog is long (10,000 orders: 1,000
 * s), and an order that has waited longer than its extra rank is worth goes first. When the clock
 * wraps (every ~55 hours), orders queued just before it go behind those queued after it until
 * the queue is next empty.
 */
export function botPriority(rank: number, nowMs: number): number {
  return Math.min(MAX_PRIORITY, clockTicks(nowMs) + Math.max(1, rank));
}

/**
 * Puts an order in line for the order bot, fairly between businesses (see botPriority), inside
 * the transaction that made it wait (sent, accepted, new prices accepted, retried). The rank is
 * counted from the orders table, so it never drifts whatever crashed before, and the outbox hands
 * the job to BullMQ with its priority once the transaction commits.
 */
export async function queueForBot(
  tx: EntityManager,
  outbox: OutboxService,
  order: Pick<Order, 'id' | 'businessId' | 'createdAt'>,
): Promise<void> {
  const [{ rank }] = await tx.execute<{ rank: number }[]>(
    `select count(*)::int + 1 as rank from shop_order
      where business_id = ? and status = 'pending' and (created_at, id) < (?, ?)`,
    [order.businessId, order.createdAt, order.id],
  );
  outbox.enqueue(tx, processOrder, { orderId: order.id }, { priority: botPriority(rank, Date.now()) });
}
