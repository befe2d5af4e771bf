import { randomBytes } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  ConflictError,
  InvalidInputError,
  isUniqueViolation,
  newId,
  NotFoundError,
  OutboxHandoff,
  OutboxService,
  PushQueue,
  ReadReplica,
  Sql,
  traceCarrier,
  type ReadFrom,
  type RequestContext,
} from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { PaymentsService, type IntentView } from '@kedai/payments';
import { ConversationService, MessageService, type MessageView, type PostAlongside, storedMoney } from '@kedai/chat';
import { CartService, type PricedCart } from './cart.service';
import { processOrder } from './checkout.jobs';
import { clockTicks, queueForBot } from './order-queue';
import { Order, OrderLine, OrderTransition } from './entities/order.entity';
import { DiscountCode, ShippingOption } from './entities/settings.entity';
import { OrderEvents, type OrderChange } from './order-events';
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
    private readonly orderEvents: OrderEvents,
    private readonly payments: PaymentsService,
    private readonly replica: ReadReplica,
    private readonly sql: Sql,
    private readonly handoff: OutboxHandoff,
  ) {}

  /**
   * Turns the cart into an `order` message and a pending order, atomically with the outbox row
   * that wakes the order bot; the cart empties with them. The same idempotency key gives back the
   * same order, however often and however concurrently it is sent (the key's unique index
   * decides; a replay after the cart emptied still finds the first order).
   *
   * Two statements, no transaction (were six): the cart with its variants and the default
   * shipping option (CartService.forOrder), then ONE statement that writes the message and, riding
   * in it (MessageService.postOnce's `alongside`), the order, its lines, the emptied cart and the
   * bot's job (its priority the order's place in its business's backlog plus the clock, see
   * botPriority). Both on plain pg (Sql): MikroORM's execute costs twice the CPU per statement.
   * A statement is atomic by itself: a process killed before it wrote nothing, after
   * it everything. A key used already breaks its unique index, which undoes the whole statement
   * (message number included); the first order is then returned.
   */
  async send(ctx: RequestContext, businessId: string, input: SendOrderInput): Promise<Order> {
    const personId = ctx.requirePerson();
    const { cart, defaultShippingOptionId } = await this.carts.forOrder(ctx, businessId);
    if (cart.lines.length === 0 || !cart.orderable) {
      // An empty or changed cart may be the first send's doing: a replay gets the first order.
      const existing = await this.byKey(personId, input.idempotencyKey);
      if (existing) return existing;
      if (cart.lines.length === 0) throw invalid('businessId', 'the cart with this business is empty');
      throw new ConflictError('CART_NOT_ORDERABLE', 'Some items can no longer be ordered as they are', {
        lines: cart.lines.filter((l) => l.problem).map((l) => ({ variantId: l.variant.variantId, problem: l.problem })),
      });
    }
    const code = input.discountCode ? await this.discountCode(businessId, input.discountCode, cart.subtotalMinor) : null;
    const chosenShipping = input.shippingOptionId ? await this.shippingOption(businessId, input.shippingOptionId) : null;
    const conversationId = await this.conversations.idWithBusiness(ctx, businessId);
    const made = new Order({
      referenceId: newReference(),
      businessId,
      personId,
      conversationId,
      idempotencyKey: input.idempotencyKey,
      note: input.note ?? '',
      currency: cart.currency!,
      discountCode: code?.code ?? null,
      shippingOptionId: chosenShipping?.id ?? defaultShippingOptionId,
      subtotalMinor: cart.subtotalMinor,
    });
    let announced: MessageView;
    let placed: Record<string, unknown> | undefined;
    const botJob = { id: newId(), trace: traceCarrier() };
    try {
      ({ view: announced, alongside: placed } = await this.messages.postOnce(
        this.sql,
        {
          conversationId,
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
        { announcing: true, alongside: this.placing(made, cart, botJob) },
      ));
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // The key was used (its order committed before this statement could write): that order stands.
      const first = await this.byKey(personId, input.idempotencyKey);
      if (!first) throw e;
      return first;
    }
    // The bot's job straight to its queue (its outbox row, due later, is the relay's if this never happens).
    const bot = {
      rowId: botJob.id,
      job: processOrder,
      payload: { orderId: made.id },
      priority: placed ? Number(placed.job_priority) : null,
      trace: botJob.trace,
    };
    await Promise.all([this.messages.announce([announced]), this.orderEvents.announce(made), this.handoff.handOff([bot])]);
    return made;
  }

  /**
   * The order's own writes in its message's statement (they see `posted`, and write only with
   * it): the order, its lines, the cart emptied, the bot's job through the outbox: handed to its
   * queue by `send` after the statement (OutboxHandoff), so the row is due only later, for the
   * relay should that not happen. Answers the job's priority.
   */
  private placing(made: Order, cart: PricedCart, botJob: { id: string; trace: string | null }): PostAlongside {
    return {
      ctes: `placed as (
         insert into shop_order (id, reference_id, business_id, person_id, conversation_id, idempotency_key, note, currency,
           discount_code, shipping_option_id, subtotal_minor, total_minor, created_at, updated_at)
         select ?::uuid, ?::text, ?::uuid, ?::uuid, ?::uuid, ?::text, ?::text, ?::text, ?::text, ?::uuid, ?::bigint, ?::bigint,
           ?::timestamptz, ?::timestamptz
           from posted
         returning id),
       placed_lines as (
         insert into order_line (order_id, line_no, product_id, variant_id, sku, name, quantity, unit_price_minor)
         select placed.id, t.line_no, t.product_id, t.variant_id, t.sku, t.name, t.quantity, t.unit_price
           from placed, jsonb_to_recordset(?::jsonb)
             as t(line_no int, product_id uuid, variant_id uuid, sku text, name text, quantity int, unit_price bigint)),
       placed_cart as (delete from cart_line where person_id = ?::uuid and business_id = ?::uuid and exists (select 1 from placed)),
       placed_job as (
         insert into outbox (id, queue, name, payload, priority, trace_context, available_at)
         select ?::uuid, ?::text, ?::text, jsonb_build_object('orderId', placed.id),
           least(2097152, ?::int + (select count(*)::int + 1 from shop_order where business_id = ?::uuid and status = 'pending')), ?::text,
           now() + ?::int * interval '1 millisecond'
           from placed
         returning priority)`,
      returning: '(select priority from placed_job) as job_priority',
      params: [
        made.id,
        made.referenceId,
        made.businessId,
        made.personId,
        made.conversationId,
        made.idempotencyKey,
        made.note,
        made.currency,
        made.discountCode,
        made.shippingOptionId,
        made.subtotalMinor.toString(),
        made.totalMinor.toString(),
        made.createdAt,
        made.updatedAt,
        JSON.stringify(
          cart.lines.map((l, i) => ({
            line_no: i + 1,
            product_id: l.variant.productId,
            variant_id: l.variant.variantId,
            sku: l.variant.sku,
            name: l.variant.name,
            quantity: l.quantity,
            unit_price: l.variant.priceMinor.toString(),
          })),
        ),
        made.personId,
        made.businessId,
        botJob.id,
        processOrder.queue,
        processOrder.name,
        clockTicks(Date.now()),
        made.businessId,
        botJob.trace,
        this.handoff.fallbackMs,
      ],
    };
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

  /** The payment that paid an order, batched per request; only for an order the caller was let see. */
  async payment(ctx: RequestContext, orderId: string): Promise<IntentView | null> {
    return ctx.loaders
      .get<string, IntentView | null>('checkout.payment', async (ids) => {
        const paid = await this.payments.paidFor('order', [...ids]);
        return ids.map((id) => paid.find((p) => p.purpose.referenceId === id) ?? null);
      })
      .load(orderId);
  }

  /** The business's order changes as they commit, for the board (orders:read). */
  async changes(ctx: RequestContext, businessId: string): Promise<AsyncIterableIterator<OrderChange>> {
    await this.access.require(ctx, businessId, 'orders:read');
    const queue = new PushQueue<OrderChange>();
    const stop = await this.orderEvents.listen(businessId, (c) => queue.push(c));
    return queue.iterator(stop);
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
    from: ReadFrom = 'write',
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
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first, connectionType: from },
    );
  }

  /** The shopper's own orders with a business, newest first. */
  async mine(ctx: RequestContext, businessId: string | null, first: number): Promise<Order[]> {
    const personId = ctx.requirePerson();
    return this.em.find(Order, { personId, ...(businessId && { businessId }) }, { orderBy: { createdAt: 'desc' }, limit: first });
  }

  /** Orders as CSV, one row per line, for a spreadsheet: read on the replica when it has the caller's own writes. */
  async export(ctx: RequestContext, businessId: string, filter: OrderFilter): Promise<string> {
    const from = await this.replica.forCaller(ctx);
    const orders = await this.list(ctx, businessId, filter, 10_000, null, from);
    const lines = orders.length
      ? await this.em.find(
          OrderLine,
          { orderId: { $in: orders.map((o) => o.id) } },
          { orderBy: { lineNo: 'asc' }, connectionType: from },
        )
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
    const changed = await this.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!order) throw new NotFoundError('Order');
      await change(tx, order);
      await tx.flush();
      return order;
    });
    await this.orderEvents.announce(changed);
    return changed;
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
