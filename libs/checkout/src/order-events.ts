import { Inject, Injectable } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '@kedai/core';
import { ChatEvents } from '@kedai/chat';
import type { OrderStatus } from './order-states';

/** What the orders board hears: which order changed, and its state now. */
export interface OrderChange {
  orderId: string;
  businessId: string;
  status: OrderStatus;
}

/**
 * Live order changes per business, through Redis pub/sub (the chat's subscriber connection), for
 * the merchant's board. Announced after the change committed, by whoever changed it (the API or the
 * worker). A hint, not the record: a lost publish costs a board its liveliness until its next read,
 * and a board that reconnects reads the orders again.
 */
@Injectable()
export class OrderEvents {
  private readonly prefix: string;

  constructor(
    private readonly events: ChatEvents,
    @Inject(redisConfig.KEY) config: RedisConfig,
  ) {
    this.prefix = `${config.keyPrefix}:orders:b:`;
  }

  async announce(order: { id: string; businessId: string; status: OrderStatus } | null | undefined): Promise<void> {
    if (!order) return;
    const change: OrderChange = { orderId: order.id, businessId: order.businessId, status: order.status };
    // In the chat's gathered pipeline: with the order's message announced in the same turn, one Redis write.
    await this.events.publishHint(this.prefix + order.businessId, change);
  }

  /** Listens to a business's order changes until the returned function is called. */
  async listen(businessId: string, listener: (change: OrderChange) => void): Promise<() => Promise<void>> {
    return this.events.listen([this.prefix + businessId], (e) => listener(e as unknown as OrderChange));
  }
}
