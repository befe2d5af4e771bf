import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidTransitionError, type RequestContext } from '@kedai/core';
import { InventoryService } from '@kedai/catalog';
import { MessageService, type MessageView } from '@kedai/chat';
import { Order, OrderTransition, StockReservation } from './entities/order.entity';
import { CheckoutSettings } from './entities/settings.entity';
import { allowedMoves, canMove, type Mover, type OrderStatus } from './order-states';
import { textsFor } from './texts';

/** `person:<id>`, `apikey:<id>`, or the worker's name: who made a move, for the record. */
export function actorOf(ctx: RequestContext): string {
  const { actor } = ctx;
  switch (actor.kind) {
    case 'person':
      return `person:${actor.personId}`;
    case 'business':
      return `apikey:${actor.apiKeyId}`;
    case 'system':
      return `system:${actor.name}`;
    default:
      return 'anonymous';
  }
}

/**
 * Moves orders between states, inside the caller's transaction with the order row locked: checks
 * the move against TRANSITIONS, records it, puts held stock back when an unpaid order is canceled,
 * and posts the order_status message in the order's conversation.
 */
@Injectable()
export class OrderLifecycle {
  constructor(
    private readonly inventory: InventoryService,
    private readonly messages: MessageService,
  ) {}

  /**
   * `posted` collects the order_status message for the caller to announce after its commit (the
   * outbox announces it only if the caller does not); null posts none (the bot's move to
   * awaiting_payment, which the order_details message says); left out, the outbox announces it.
   */
  async move(
    tx: EntityManager,
    order: Order,
    to: OrderStatus,
    by: Mover,
    actor: string,
    note = '',
    posted?: MessageView[] | null,
  ): Promise<void> {
    const from = order.status;
    if (!canMove(from, to, by)) {
      // Named as the GraphQL OrderStatus values a client sends back (PROCESSING, SHIPPED …).
      const allowed = allowedMoves(from, by).map((s) => s.toUpperCase());
      throw new InvalidTransitionError('Order', from, to, allowed);
    }
    order.status = to;
    order.hold = null;
    tx.persist(new OrderTransition(order.id, from, to, actor, note));
    if (to === 'canceled') await this.release(tx, order);
    if (to === 'paid') await tx.nativeUpdate(StockReservation, { orderId: order.id, state: 'held' }, { state: 'sold' });
    await tx.flush();
    if (posted === null) return;
    const settings = await tx.findOne(CheckoutSettings, { businessId: order.businessId });
    const view = await this.messages.post(
      tx,
      {
        conversationId: order.conversationId,
        sender: { kind: 'bot', businessId: order.businessId },
        kind: 'order_status',
        payload: {
          orderId: order.id,
          referenceId: order.referenceId,
          status: to,
          note: note || textsFor(settings?.language ?? 'en').status(order.referenceId, to),
        },
        clientMessageId: `order:${order.id}:status:${to}`,
      },
      { announcing: posted !== undefined },
    );
    posted?.push(view);
  }

  private async release(tx: EntityManager, order: Order): Promise<void> {
    const held = await tx.find(StockReservation, { orderId: order.id, state: 'held' });
    if (held.length === 0) return;
    await this.inventory.release(
      tx,
      held.map((r) => ({ variantId: r.variantId, quantity: r.quantity })),
    );
    for (const r of held) r.state = 'released';
  }
}
