import { randomBytes } from 'node:crypto';
import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { ConversationService, MessageService, type MessageView, storedMoney } from '@kedai/chat';
import { CartService } from './cart.service';
import { queueForBot } from './order-queue';
import { Order, OrderLine, OrderTransition } from './entities/order.entity';
import { DiscountCode, ShippingOption } from './entities/settings.entity';
import { actorOf, OrderLifecycle } from './order-lifecycle';
import type { OrderStatus } from './order-states';

export interface SendOrderInput {
  idempotencyKey: string;
  note?: string | null;
  discountCode?: string | null;
  shippingOptionId?: string | null;
}

export interface OrderFilter {
  status?: OrderStatus | null;
  from?: Date | null;
  to?: Date | null;
  personId?: string | null;
}

const invalid = (field: string, message: string) => new InvalidInputError([{ field, messages: [message] }]);
const REF_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** A short reference people can read out: KD- and 8 characters without 0/O or 1/I. */
export function newReference(): string {
  return `KD-${[...randomBytes(8)].map((b) => REF_ALPHABET[b % REF_ALPHABET.length]).join('')}`;
}

/**
 * Orders: a shopper sends the cart as an order message; the merchant (members with orders:read,
 * or API keys with ORDERS_READ) lists, reads, exports and moves orders. The order bot prices them
 * (order-bot.ts).
 */
@Injectable()
export class OrderService {
  constructor(
    private readonly em: EntityManager,
    private readonly carts: CartService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly outbox: OutboxService,
    private readonly access: BusinessAccessService,
    private readonly lifecycle: OrderLifecycle,
  ) {}

  /**
   * Turns the cart into an `order` message and a pending order, in one transaction with the
   * outbox row that wakes the order bot; the cart empties in it too. The same idempotency key
   * gives back the same order, however often and however concurrently it is sent.
   */
  async send(ctx: RequestContext, businessId: string, input: SendOrderInput): Promise<Order> {
    const personId = ctx.requirePerson();
    const existing = await this.byKey(personId, input.idempotencyKey);
    if (existing) return existing;
    const cart = await this.carts.read(ctx, businessId);
    if (cart.lines.length === 0) throw invalid('businessId', 'the cart with this business is empty');
    if (!cart.orderable)
      throw new ConflictError('CART_NOT_ORDERABLE', 'Some items can no longer be ordered as they are', {
        lines: cart.lines.filter((l) => l.problem).map((l) => ({ variantId: l.variant.variantId, problem: l.problem })),
      });
    const code = input.discountCode ? await this.discountCode(businessId, input.discountCode, cart.subtotalMinor) : null;
    const shipping = await this.shippingOption(businessId, input.shippingOptionId ?? null);
    const conversation = await this.conversations.withBusiness(ctx, businessId);

    let announced: MessageView | undefined;
    try {
      const order = await this.em.fork().transactional(async (tx) => {
        const made = new Order({
          referenceId: newReference(),
          businessId,
          personId,
          conversationId: conversation.id,
          idempotencyKey: input.idempotencyKey,
          note: input.note ?? '',
          currency: cart.currency!,
          discountCode: code?.code ?? null,
          shippingOptionId: shipping?.id ?? null,
          subtotalMinor: cart.subtotalMinor,
        });
        tx.persist(made);
        cart.lines.forEach((line, i) =>
          tx.persist(
            new OrderLine({
              orderId: made.id,
              lineNo: i + 1,
              productId: line.variant.productId,
              variantId: line.variant.variantId,
              sku: line.variant.sku,
              name: line.variant.name,
              quantity: line.quantity,
              unitPriceMinor: line.variant.priceMinor,
            }),
          ),
        );
        await tx.flush();
        announced = await this.messages.post(
          tx,
          {
            conversationId: conversation.id,
            sender: { kind: 'person', personId },
            kind: 'order',
            payload: {
              orderId: made.id,
              businessId,
              items: cart.lines.map((l) => ({
                productId: l.variant.productId,
                variantId: l.variant.variantId,
                sku: l.variant.sku,
                name: l.variant.name,
                quantity: l.quantity,
                unitPrice: storedMoney(l.variant.priceMinor, made.currency),
              })),
              subtotal: storedMoney(made.subtotalMinor, made.currency),
              ...(made.note && { note: made.note }),
            },
            clientMessageId: `order:${made.id}`,
          },
          { announcing: true },
        );
        await queueForBot(tx, this.outbox, made);
        await this.carts.clear(ctx, businessId, tx);
        return made;
      });
      if (announced) await this.messages.announce([announced]);
      return order;
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
      const raced = await this.byKey(personId, input.idempotencyKey);
      if (!raced) throw e;
      return raced;
    }
  }

  /** The shopper cancels an order that is not paid yet. */
  async cancelByShopper(ctx: RequestContext, orderId: string): Promise<Order> {
    const personId = ctx.requirePerson();
    return this.underLock(orderId, async (tx, order) => {
      if (order.personId !== personId) throw new NotFoundError('Order');
      await this.lifecycle.move(tx, order, 'canceled', 'shopper', actorOf(ctx), 'canceled by the shopper');
    });
  }

  /** The shopper accepts new prices the bot asked about: the order goes back to the bot at those prices. */
  async acceptNewPrices(ctx: RequestContext, orderId: string): Promise<Order> {
    const personId = ctx.requirePerson();
    return this.underLock(orderId, async (tx, o) => {
      if (o.personId !== personId) throw new NotFoundError('Order');
      if (o.status !== 'pending' || o.hold !== 'price_changed')
        throw new ConflictError('NOTHING_TO_ACCEPT', 'This order is not waiting for new prices');
      o.hold = null;
      tx.persist(new OrderTransition(o.id, o.status, o.status, actorOf(ctx), 'accepted new prices'));
      await queueForBot(tx, this.outbox, o);
    });
  }

  /** The merchant accepts an order (when the business reviews orders before the bot asks for payment). */
  async accept(ctx: RequestContext, orderId: string): Promise<Order> {
    return this.merchantLock(ctx, orderId, 'orders:manage', async (tx, o) => {
      if (o.status !== 'pending' || o.acceptedAt)
        throw new ConflictError('NOTHING_TO_ACCEPT', 'This order is not waiting for the shop');
      o.acceptedAt = new Date();
      o.hold = null;
      tx.persist(new OrderTransition(o.id, o.status, o.status, actorOf(ctx), 'accepted by the shop'));
      await queueForBot(tx, this.outbox, o);
    });
  }

  /** A merchant's move: processing, shipped, completed, or canceled before payment. */
  async transition(ctx: RequestContext, orderId: string, to: OrderStatus, note: string): Promise<Order> {
    return this.merchantLock(ctx, orderId, 'orders:manage', (tx, order) =>
      this.lifecycle.move(tx, order, to, 'merchant', actorOf(ctx), note),
    );
  }

  /** Puts an order the bot gave up on back in line (its dead letter cleared). */
  async retry(ctx: RequestContext, orderId: string): Promise<Order> {
    return this.merchantLock(ctx, orderId, 'orders:manage', async (tx, o) => {
      if (!o.botError) throw new ConflictError('NOTHING_TO_RETRY', 'The order bot has not given up on this order');
      o.botError = null;
      await queueForBot(tx, this.outbox, o);
    });
  }

  async get(ctx: RequestContext, orderId: string): Promise<Order> {
    const order = await this.em.findOne(Order, { id: orderId });
    const mine = order && ctx.actor.kind === 'person' && order.personId === ctx.actor.personId;
    if (!mine) await this.access.require(ctx, order?.businessId ?? orderId, 'orders:read');
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  /** A business's order by its reference id (what payment requests and the Cloud API carry); orders:read. */
  async byReference(ctx: RequestContext, businessId: string, referenceId: string): Promise<Order> {
    await this.access.require(ctx, businessId, 'orders:read');
    const order = await this.em.findOne(Order, { businessId, referenceId });
    if (!order) throw new NotFoundError('Order');
    return order;
  }

  /** Lines of orders, batched per request: a list of 50 orders costs one query for all their lines. */
  async lines(ctx: RequestContext, orderId: string): Promise<OrderLine[]> {
    return ctx.loaders
      .get<string, OrderLine[]>('checkout.lines', async (ids) => {
        const rows = await this.em.find(OrderLine, { orderId: { $in: [...ids] } }, { orderBy: { lineNo: 'asc' } });
        return ids.map((id) => rows.filter((r) => r.orderId === id));
      })
      .load(orderId);
  }

  async transitions(ctx: RequestContext, orderId: string): Promise<OrderTransition[]> {
    return ctx.loaders
      .get<string, OrderTransition[]>('checkout.transitions', async (ids) => {
        const rows = await this.em.find(
          OrderTransition,
          { orderId: { $in: [...ids] } },
          { orderBy: { createdAt: 'asc', id: 'asc' } },
        );
        return ids.map((id) => rows.filter((r) => r.orderId === id));
      })
      .load(orderId);
  }

  /** A business's orders, newest first, filtered. */
  async list(
    ctx: RequestContext,
    businessId: string,
    filter: OrderFilter,
    first: number,
    before?: Date | null,
  ): Promise<Order[]> {
    await this.access.require(ctx, businessId, 'orders:read');
    return this.em.find(
      Order,
      {
        businessId,
        ...(filter.status && { status: filter.status }),
        ...(filter.personId && { personId: filter.personId }),
        ...((filter.from || filter.to || before) && {
          createdAt: {
            ...(filter.from && { $gte: filter.from }),
            ...(filter.to && { $lt: filter.to }),
            ...(before && { $lt: before }),
          },
        }),
      },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first },
    );
  }

  /** The shopper's own orders with a business, newest first. */
  async mine(ctx: RequestContext, businessId: string | null, first: number): Promise<Order[]> {
    const personId = ctx.requirePerson();
    return this.em.find(Order, { personId, ...(businessId && { businessId }) }, { orderBy: { createdAt: 'desc' }, limit: first });
  }

  /** Orders as CSV, one row per line, for a spreadsheet. */
  async export(ctx: RequestContext, businessId: string, filter: OrderFilter): Promise<string> {
    const orders = await this.list(ctx, businessId, filter, 10_000);
    const lines = orders.length
      ? await this.em.find(OrderLine, { orderId: { $in: orders.map((o) => o.id) } }, { orderBy: { lineNo: 'asc' } })
      : [];
    const cell = (v: unknown) => {
      const s = String(v ?? '');
      return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    const rows = [
      [
        'reference',
        'created_at',
        'status',
        'customer_id',
        'sku',
        'name',
        'quantity',
        'unit_price_minor',
        'order_total_minor',
        'currency',
      ],
    ];
    for (const o of orders)
      for (const l of lines.filter((x) => x.orderId === o.id))
        rows.push([
          o.referenceId,
          o.createdAt.toISOString(),
          o.status,
          o.personId,
          l.sku,
          l.name,
          String(l.quantity),
          l.unitPriceMinor.toString(),
          o.totalMinor.toString(),
          o.currency,
        ]);
    return rows.map((r) => r.map(cell).join(',')).join('\n') + '\n';
  }

  private async byKey(personId: string, key: string): Promise<Order | null> {
    return this.em.fork().findOne(Order, { personId, idempotencyKey: key });
  }

  private async discountCode(businessId: string, raw: string, subtotal: bigint): Promise<DiscountCode> {
    const code = await this.em.findOne(DiscountCode, { businessId, code: raw.trim().toUpperCase() });
    const usable =
      code &&
      code.active &&
      (!code.expiresAt || code.expiresAt > new Date()) &&
      (code.maxUses === null || code.used < code.maxUses);
    if (!usable) throw invalid('discountCode', 'this code is not valid for this shop');
    if (subtotal < code.minSubtotalMinor)
      throw invalid('discountCode', `this code needs a subtotal of at least ${code.minSubtotalMinor} minor units`);
    return code;
  }

  private async shippingOption(businessId: string, id: string | null): Promise<ShippingOption | null> {
    if (id) {
      const chosen = await this.em.findOne(ShippingOption, { id, businessId });
      if (!chosen) throw invalid('shippingOptionId', 'not a shipping option of this shop');
      return chosen;
    }
    return this.em.findOne(ShippingOption, { businessId }, { orderBy: { position: 'asc' } });
  }

  private async underLock(orderId: string, change: (tx: EntityManager, order: Order) => Promise<void>): Promise<Order> {
    return this.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!order) throw new NotFoundError('Order');
      await change(tx, order);
      await tx.flush();
      return order;
    });
  }

  private async merchantLock(
    ctx: RequestContext,
    orderId: string,
    permission: 'orders:manage',
    change: (tx: EntityManager, order: Order) => Promise<void>,
  ): Promise<Order> {
    const found = await this.em.fork().findOne(Order, { id: orderId });
    await this.access.require(ctx, found?.businessId ?? orderId, permission);
    if (!found) throw new NotFoundError('Order');
    return this.underLock(orderId, change);
  }
}
