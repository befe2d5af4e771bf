import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { QueueRegistry } from '@kedai/core';
import { processOrder } from './checkout.jobs';
import type { Order } from './entities/order.entity';

/** Attempts before the bot gives up on an order and shows the merchant why (its dead letter). */
export const BOT_ATTEMPTS = 6;
/** BullMQ's largest priority. */
const LOWEST_PRIORITY = 2_097_152;

/**
 * Puts orders in line for the order bot, fairly between businesses: a job's priority is the
 * order's place in its own business's backlog (1 for the oldest pending order of a business, 2 for
 * the next…), and BullMQ serves lower numbers first. A business with ten thousand orders waiting
 * fills priorities 1 to 10,000; another business's first order gets 1 and goes next. The rank
 * comes from the orders table, so it never drifts, whatever crashed before.
 */
@Injectable()
export class OrderQueue {
  constructor(
    private readonly em: EntityManager,
    private readonly queues: QueueRegistry,
  ) {}

  /** `attempt` makes the job id: the same order and attempt name add one job however often asked. */
  async add(order: Pick<Order, 'id' | 'businessId' | 'createdAt'>, attempt: string): Promise<void> {
    const [{ rank }] = await this.em.fork().execute<{ rank: number }[]>(
      `select count(*)::int + 1 as rank from shop_order
        where business_id = ? and status = 'pending' and (created_at, id) < (?, ?)`,
      [order.businessId, order.createdAt, order.id],
    );
    await this.queues.get(processOrder.queue).add(
      processOrder.name,
      { orderId: order.id },
      {
        jobId: `process:${order.id}:${attempt}`,
        priority: Math.min(rank, LOWEST_PRIORITY),
        attempts: BOT_ATTEMPTS,
        backoff: { type: 'exponential', delay: 500 },
      },
    );
  }
}
