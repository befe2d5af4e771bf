import type { EntityManager } from '@mikro-orm/postgresql';
import type { OutboxService } from '@kedai/core';
import { processOrder } from './checkout.jobs';
import type { Order } from './entities/order.entity';

/** Attempts before the bot gives up on an order and shows the merchant why (its dead letter): the queues' default. */
export const BOT_ATTEMPTS = 8;

/**
 * Puts an order in line for the order bot, fairly between businesses, inside the transaction that
 * made it wait (sent, accepted, new prices accepted, retried). The job's priority is the order's
 * place in its own business's backlog (1 for its oldest waiting order, 2 for the next…), and
 * BullMQ serves lower numbers first: a business with ten thousand orders waiting fills priorities
 * 1 to 10,000, and another business's first order gets 1 and goes next. The rank is counted from
 * the orders table, so it never drifts whatever crashed before, and the outbox hands the job to
 * BullMQ with its priority once the transaction commits.
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
  outbox.enqueue(tx, processOrder, { orderId: order.id }, { priority: rank });
}
