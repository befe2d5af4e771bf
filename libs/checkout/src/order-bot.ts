import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnJob, type JobInfo, type RequestContext } from '@kedai/core';
import { isOpenAt } from '@kedai/business';
import { CatalogChanges, InventoryService, type SellableVariant } from '@kedai/catalog';
import { MessageService, type MessageView, type PostInput } from '@kedai/chat';
import { paymentWindowClosed, processOrder } from './checkout.jobs';
import { Order, OrderLine } from './entities/order.entity';
import { CheckoutSettings, DiscountCode, ShippingOption } from './entities/settings.entity';
import { OrderEvents } from './order-events';
import { OrderLifecycle } from './order-lifecycle';
import { paymentRequest, taxOn } from './order-payment-request';
import { OrderFastPath } from './order-fast-path';
import { BOT_ATTEMPTS } from './order-queue';
import { textsFor, type Texts } from './texts';
import { lockForBot, type LockedOrder } from './order-lock';

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
    private readonly catalog: CatalogChanges,
    private readonly orderEvents: OrderEvents,
    private readonly fast: OrderFastPath,
    @Inject(ORDER_BOT_HOOKS) private readonly hooks: OrderBotHooks,
  ) {}

  @OnJob(processOrder)
  async process(_ctx: RequestContext, { orderId }: { orderId: string }, job: JobInfo): Promise<void> {
    try {
      await this.work(orderId);
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

  /** Orders placed before the sweeper closed payment windows (OrderSweeper) still have this job waiting. */
  @OnJob(paymentWindowClosed)
  async expire(_ctx: RequestContext, { orderId }: { orderId: string }): Promise<void> {
    await this.closeWindow(orderId);
  }

  /**
   * Cancels an unpaid order whose payment window has closed, putting its units back, under its
   * row lock; anything else (paid, canceled, not yet due) is left alone, so a second call, from
   * another worker's sweep or an old job, changes nothing. Says whether it canceled the order.
   */
  async closeWindow(orderId: string): Promise<boolean> {
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
    return expired !== null;
  }

  private async work(orderId: string): Promise<void> {
    // The usual order in two statements (OrderFastPath); anything else, or anything that changed
    // under it, in the transaction below.
    const fast = await this.fast.decide(orderId, this.hooks.beforeCommit?.bind(this.hooks));
    if ('nothingToDo' in fast) return;
    if ('decided' in fast) {
      const { view, order, countedStock } = fast.decided;
      // Written: on screens now, both in one Redis write (the outbox announces the message if this process dies first).
      await Promise.all([this.messages.announce([view]), this.orderEvents.announce(order)]);
      if (countedStock) await this.catalog.changed(order.businessId);
      return;
    }
    const posted: MessageView[] = [];
    // Past the first check every path changes the order (held, canceled, priced): the board hears of it.
    let worked: Order | undefined;
    const reserved = await this.em.fork().transactional(async (tx) => {
      const locked = await lockForBot(tx, orderId);
      if (!locked) return false;
      const { order, settings, lines, hours } = locked;
      worked = order;
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

      // The payment request says the order is in; only when the bot answers with something else
      // (a hold, new prices, sold out) does the shopper first get the plain acknowledgment.
      let acknowledged = false;
      const acknowledge = async () => {
        if (acknowledged) return;
        acknowledged = true;
        await say('received', { kind: 'text', payload: { body: texts.received(order.referenceId) } });
      };
      const closedNote = this.closedNote(hours, texts);
      if (closedNote) {
        await acknowledge();
        await say('closed', { kind: 'text', payload: { body: closedNote } });
      }
      if (!settings.autoAccept && !order.acceptedAt) {
        order.hold = 'merchant_review';
        await acknowledge();
        await say('review', { kind: 'text', payload: { body: texts.awaitingMerchant(order.referenceId) } });
        return false;
      }

      const wanted = lines.map((l) => ({ variantId: l.variantId!, quantity: l.quantity }));
      // The usual order, one line: checked and its units taken in the lock's own statement (see
      // lock); put back below if its price moved. Several lines: checked first, then taken in id order.
      const single = locked.single;
      const variants = single
        ? single.variant
          ? [single.variant]
          : []
        : await this.inventory.sellable(
            lines.flatMap((l) => (l.variantId ? [l.variantId] : [])),
            tx,
          );
      const variantOf = (l: OrderLine): SellableVariant | undefined => variants.find((v) => v.variantId === l.variantId);
      const gone = lines.filter((l) => !variantOf(l)?.available);
      if (gone.length) {
        await acknowledge();
        await this.soldOut(tx, order, texts, gone, posted);
        return false;
      }
      const moved = lines.filter((l) => variantOf(l)!.priceMinor !== l.unitPriceMinor);
      if (moved.length) {
        const changes = moved.map((l) => `${l.name} ${l.unitPriceMinor} → ${variantOf(l)!.priceMinor}`).join(', ');
        if (single?.taken) await this.inventory.release(tx, wanted);
        for (const l of moved) l.unitPriceMinor = variantOf(l)!.priceMinor;
        order.price({ subtotal: subtotalOf(lines), discount: 0n, tax: 0n, shipping: 0n });
        order.hold = 'price_changed';
        await acknowledge();
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
        // A single line that was short took nothing. With several lines, all or nothing: a short
        // one must undo the others (a savepoint).
        if (single && !single.taken) throw new SoldOut([wanted[0].variantId]);
        if (!single)
          await tx.transactional(async (em) => {
            const { short } = await this.inventory.reserve(em, wanted);
            if (short.length) throw new SoldOut(short);
          });
      } catch (e) {
        if (!(e instanceof SoldOut)) throw e;
        await acknowledge();
        await this.soldOut(
          tx,
          order,
          texts,
          lines.filter((l) => e.variantIds.includes(l.variantId!)),
          posted,
        );
        return false;
      }
      const subtotal = subtotalOf(lines);
      const discount = await this.discount(tx, order, subtotal);
      const taxable = subtotal - discount;
      const tax = taxOn(taxable, settings.taxRateBp);
      const option = order.shippingOptionId ? await tx.findOne(ShippingOption, { id: order.shippingOptionId }) : null;
      const shipping = option?.feeFor(taxable) ?? 0n;
      order.price({ subtotal, discount, tax, shipping });
      posted.push(await this.awaitPayment(tx, order, lines, settings.paymentWindowS));
      await this.hooks.beforeCommit?.(order.id);
      // Only stock that is counted changed what the catalog shows.
      return variants.some((v) => v.stock !== null) ? order.businessId : false;
    });
    // Committed: on screens now (the outbox announces them only if this process dies first).
    await Promise.all([this.messages.announce(posted), this.orderEvents.announce(worked)]);
    if (reserved) await this.catalog.changed(reserved);
  }

  /**
   * The payment request (`order_details`) and the move to awaiting_payment in ONE statement
   * (paymentRequest: the order's totals, accepted, expiry, its transition and the units held ride
   * in the message's statement). The caller holds the order's lock, has taken the stock and priced
   * the order.
   */
  private async awaitPayment(tx: EntityManager, order: Order, lines: OrderLine[], windowS: number): Promise<MessageView> {
    const request = paymentRequest(order, lines, windowS);
    const { view, created } = await this.messages.postOnce(tx, request.message, {
      announcing: true,
      alongside: request.alongside,
    });
    // Its request already there means an earlier try committed, and the order would not be pending.
    if (!created) throw new Error(`order ${order.id} has its payment request already, yet is pending`);
    // Written: the unit of work must not write the order again at the commit.
    tx.clear();
    order.status = 'awaiting_payment';
    order.hold = null;
    order.acceptedAt = request.acceptedAt;
    order.expiresAt = request.expiresAt;
    order.updatedAt = request.updatedAt;
    return view;
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

  private closedNote({ hours, timezone }: LockedOrder['hours'], texts: Texts): string | null {
    if (!hours) return null;
    const open = isOpenAt(hours, timezone, new Date());
    return open.open ? null : texts.closed(open.next ?? '');
  }

  private async texts(tx: EntityManager, businessId: string): Promise<Texts> {
    return textsFor((await tx.findOne(CheckoutSettings, { businessId }))?.language ?? 'en');
  }
}

function subtotalOf(lines: OrderLine[]): bigint {
  return lines.reduce((sum, l) => sum + l.unitPriceMinor * BigInt(l.quantity), 0n);
}
