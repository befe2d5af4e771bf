import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnJob, OutboxService, type JobInfo, type RequestContext } from '@kedai/core';
import { BusinessService, isOpenAt } from '@kedai/business';
import { CatalogChanges, InventoryService, type SellableVariant } from '@kedai/catalog';
import { MessageService, type MessageView, type PostInput, storedMoney } from '@kedai/chat';
import { paymentWindowClosed, processOrder } from './checkout.jobs';
import { Order, OrderLine, StockReservation } from './entities/order.entity';
import { CheckoutSettings, DiscountCode, ShippingOption } from './entities/settings.entity';
import { OrderEvents } from './order-events';
import { OrderLifecycle } from './order-lifecycle';
import { BOT_ATTEMPTS } from './order-queue';
import { textsFor, type Texts } from './texts';

/** Test seam: crash tests make the bot fail at a chosen point. Production provides none. */
export interface OrderBotHooks {
  /** Runs when every effect of processing an order is written, before the commit. */
  beforeCommit?(orderId: string): Promise<void>;
}
export const ORDER_BOT_HOOKS = Symbol('kedai.orderBotHooks');

class SoldOut extends Error {
  constructor(readonly variantIds: string[]) {
    super('sold out');
  }
}

/**
 * The order bot, on the worker. For each new order it re-prices (asking the shopper when a price
 * moved), checks availability, reserves stock, works out discount, tax and shipping, and posts the
 * payment request (`order_details`) with its expiry, all in one transaction with the order row
 * locked. Every effect is in that transaction and the first thing it checks is whether the order
 * is still waiting for it: a job delivered twice, or retried after a crash, does it once.
 */
@Injectable()
export class OrderBot {
  private readonly logger = new Logger(OrderBot.name);

  constructor(
    private readonly em: EntityManager,
    private readonly inventory: InventoryService,
    private readonly messages: MessageService,
    private readonly lifecycle: OrderLifecycle,
    private readonly outbox: OutboxService,
    private readonly businesses: BusinessService,
    private readonly catalog: CatalogChanges,
    private readonly orderEvents: OrderEvents,
    @Inject(ORDER_BOT_HOOKS) private readonly hooks: OrderBotHooks,
  ) {}

  @OnJob(processOrder)
  async process(ctx: RequestContext, { orderId }: { orderId: string }, job: JobInfo): Promise<void> {
    try {
      await this.work(ctx, orderId);
    } catch (e) {
      if (job.attempt >= BOT_ATTEMPTS) {
        // Its dead letter: the merchant sees why on the order, and can put it back in line.
        await this.em.fork().nativeUpdate(Order, { id: orderId }, { botError: (e as Error).message.slice(0, 500) });
        await this.orderEvents.announce(await this.em.fork().findOne(Order, { id: orderId }));
        this.logger.error({ orderId, err: (e as Error).message }, 'order bot gave up');
      }
      throw e;
    }
  }

  @OnJob(paymentWindowClosed)
  async expire(_ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    const posted: MessageView[] = [];
    const expired = await this.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (order?.status !== 'awaiting_payment' || !order.expiresAt || order.expiresAt > new Date()) return null;
      const texts = await this.texts(tx, order.businessId);
      await this.lifecycle.move(tx, order, 'canceled', 'bot', 'bot', texts.expired(order.referenceId), posted);
      return order;
    });
    await this.messages.announce(posted);
    await this.orderEvents.announce(expired);
    if (expired) await this.catalog.changed(expired.businessId);
  }

  private async work(ctx: RequestContext, orderId: string): Promise<void> {
    const posted: MessageView[] = [];
    // Past the first check every path changes the order (held, canceled, priced): the board hears of it.
    let worked: Order | undefined;
    const reserved = await this.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (order?.status !== 'pending' || order.hold) return false;
      worked = order;
      const settings =
        (await tx.findOne(CheckoutSettings, { businessId: order.businessId })) ?? new CheckoutSettings(order.businessId);
      const texts = textsFor(settings.language);
      const say = async (key: string, input: Omit<PostInput, 'conversationId' | 'sender' | 'clientMessageId'>) =>
        posted.push(
          await this.messages.post(
            tx,
            {
              ...input,
              conversationId: order.conversationId,
              sender: { kind: 'bot', businessId: order.businessId },
              clientMessageId: `order:${order.id}:${key}`,
            },
            { announcing: true },
          ),
        );

      await say('received', { kind: 'text', payload: { body: texts.received(order.referenceId) } });
      const closedNote = await this.closedNote(ctx, order.businessId, texts);
      if (closedNote) await say('closed', { kind: 'text', payload: { body: closedNote } });
      if (!settings.autoAccept && !order.acceptedAt) {
        order.hold = 'merchant_review';
        await say('review', { kind: 'text', payload: { body: texts.awaitingMerchant(order.referenceId) } });
        return false;
      }

      const lines = await tx.find(OrderLine, { orderId }, { orderBy: { lineNo: 'asc' } });
      const variants = await this.inventory.sellable(
        lines.flatMap((l) => (l.variantId ? [l.variantId] : [])),
        tx,
      );
      const variantOf = (l: OrderLine): SellableVariant | undefined => variants.find((v) => v.variantId === l.variantId);
      const gone = lines.filter((l) => !variantOf(l)?.available);
      if (gone.length) {
        await this.soldOut(tx, order, texts, gone, posted);
        return false;
      }
      const moved = lines.filter((l) => variantOf(l)!.priceMinor !== l.unitPriceMinor);
      if (moved.length) {
        const changes = moved.map((l) => `${l.name} ${l.unitPriceMinor} → ${variantOf(l)!.priceMinor}`).join(', ');
        for (const l of moved) l.unitPriceMinor = variantOf(l)!.priceMinor;
        order.price({ subtotal: subtotalOf(lines), discount: 0n, tax: 0n, shipping: 0n });
        order.hold = 'price_changed';
        await say(`prices:${Date.now()}`, {
          kind: 'interactive',
          payload: {
            type: 'button',
            body: texts.priceChanged(order.referenceId, changes).slice(0, 1024),
            buttons: [
              { id: `accept-prices:${order.id}`, title: texts.accept },
              { id: `cancel-order:${order.id}`, title: texts.cancel },
            ],
          },
        });
        return false;
      }

      try {
        const wanted = lines.map((l) => ({ variantId: l.variantId!, quantity: l.quantity }));
        // All or nothing: with several lines, a short one must undo the others (a savepoint); a
        // single line that is short took nothing, so it needs none (two round trips fewer).
        const reserve = async (em: EntityManager) => {
          const { short } = await this.inventory.reserve(em, wanted);
          if (short.length) throw new SoldOut(short);
        };
        await (wanted.length === 1 ? reserve(tx) : tx.transactional(reserve));
      } catch (e) {
        if (!(e instanceof SoldOut)) throw e;
        await this.soldOut(
          tx,
          order,
          texts,
          lines.filter((l) => e.variantIds.includes(l.variantId!)),
          posted,
        );
        return false;
      }
      for (const l of lines) tx.persist(new StockReservation(order.id, l.variantId!, l.quantity));

      const subtotal = subtotalOf(lines);
      const discount = await this.discount(tx, order, subtotal);
      const taxable = subtotal - discount;
      // Tax rounds half up to the minor unit.
      const tax = (taxable * BigInt(settings.taxRateBp) + 5_000n) / 10_000n;
      const option = order.shippingOptionId ? await tx.findOne(ShippingOption, { id: order.shippingOptionId }) : null;
      const shipping = option?.feeFor(taxable) ?? 0n;
      order.price({ subtotal, discount, tax, shipping });
      order.acceptedAt ??= new Date();
      order.expiresAt = new Date(Date.now() + settings.paymentWindowS * 1000);
      await this.lifecycle.move(tx, order, 'awaiting_payment', 'bot', 'bot', '', null);
      await say('details', {
        kind: 'order_details',
        payload: {
          orderId: order.id,
          referenceId: order.referenceId,
          items: lines.map((l) => ({
            productId: l.productId,
            variantId: l.variantId,
            sku: l.sku,
            name: l.name,
            quantity: l.quantity,
            unitPrice: storedMoney(l.unitPriceMinor, order.currency),
          })),
          subtotal: storedMoney(subtotal, order.currency),
          discount: storedMoney(discount, order.currency),
          tax: storedMoney(tax, order.currency),
          shipping: storedMoney(shipping, order.currency),
          total: storedMoney(order.totalMinor, order.currency),
          expiresAt: order.expiresAt.toISOString(),
          status: 'awaiting_payment',
        },
      });
      this.outbox.enqueue(tx, paymentWindowClosed, { orderId: order.id }, { delayMs: settings.paymentWindowS * 1000 });
      await this.hooks.beforeCommit?.(order.id);
      return order.businessId;
    });
    // Committed: on screens now (the outbox announces them only if this process dies first).
    await this.messages.announce(posted);
    await this.orderEvents.announce(worked);
    if (reserved) await this.catalog.changed(reserved);
  }

  private async soldOut(tx: EntityManager, order: Order, texts: Texts, lines: OrderLine[], posted: MessageView[]): Promise<void> {
    const names = lines.map((l) => l.name).join(', ');
    await this.lifecycle.move(tx, order, 'canceled', 'bot', 'bot', texts.soldOut(order.referenceId, names), posted);
  }

  /** The code's discount, counted as used only if it still has uses left (a guarded update). */
  private async discount(tx: EntityManager, order: Order, subtotal: bigint): Promise<bigint> {
    if (!order.discountCode) return 0n;
    const code = await tx.findOne(DiscountCode, { businessId: order.businessId, code: order.discountCode });
    if (!code || !code.active || (code.expiresAt && code.expiresAt <= new Date()) || subtotal < code.minSubtotalMinor) return 0n;
    const [taken] = await tx.execute<{ id: string }[]>(
      'update discount_code set used = used + 1 where id = ? and (max_uses is null or used < max_uses) returning id',
      [code.id],
    );
    return taken ? code.discountFor(subtotal) : 0n;
  }

  private async closedNote(ctx: RequestContext, businessId: string, texts: Texts): Promise<string | null> {
    const [business] = await this.businesses.byIds(ctx, [businessId]);
    if (!business?.openingHours) return null;
    const open = isOpenAt(business.openingHours, business.timezone, new Date());
    return open.open ? null : texts.closed(open.next ?? '');
  }

  private async texts(tx: EntityManager, businessId: string): Promise<Texts> {
    return textsFor((await tx.findOne(CheckoutSettings, { businessId }))?.language ?? 'en');
  }
}

function subtotalOf(lines: OrderLine[]): bigint {
  return lines.reduce((sum, l) => sum + l.unitPriceMinor * BigInt(l.quantity), 0n);
}
