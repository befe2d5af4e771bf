import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, NotFoundError, OnEvent, OnJob, type RequestContext, isUuid } from '@kedai/core';
import { MessageService, type MessageView, storedMoney } from '@kedai/chat';
import {
  actorScope,
  IdempotencyService,
  intentFailed,
  intentSucceeded,
  intentSucceededJob,
  paymentRefunded,
  PaymentsService,
  type IntentEvent,
  type IntentView,
} from '@kedai/payments';
import { Order } from './entities/order.entity';
import { OrderEvents } from './order-events';
import { OrderLifecycle } from './order-lifecycle';

/**
 * Paying an order from the chat, and what payments tell checkout afterwards: paid (the reservation
 * becomes a sale and a receipt goes to the chat), failed (the shopper is told and may try again),
 * refunded (the order says so). Each event handler checks the order's state under its lock first,
 * so a redelivered event changes nothing twice.
 */
@Injectable()
export class OrderPayments {
  private readonly logger = new Logger(OrderPayments.name);

  constructor(
    private readonly em: EntityManager,
    private readonly payments: PaymentsService,
    private readonly lifecycle: OrderLifecycle,
    private readonly messages: MessageService,
    private readonly idempotency: IdempotencyService,
    private readonly orderEvents: OrderEvents,
  ) {}

  /**
   * The shopper pays the order's total: a source (or the default), the PIN when set, one
   * idempotency key. Idempotent as a whole: a duplicate with the key waits for the first call
   * and answers its payment; a replay after success answers that payment (not ORDER_NOT_PAYABLE),
   * after a decline the same decline; a refusal the shopper can fix (PIN, date of birth, payout
   * account) keeps nothing, so the fixed retry with the same key runs fresh.
   */
  async pay(
    ctx: RequestContext,
    orderId: string,
    input: { fundingSourceId?: string; pin?: string; idempotencyKey: string },
  ): Promise<IntentView> {
    const personId = ctx.requirePerson();
    const params = { orderId, fundingSourceId: input.fundingSourceId ?? null };
    return this.idempotency.run(actorScope(ctx, 'order.pay'), input.idempotencyKey, params, async ({ takeover }) => {
      const order = await this.em.fork().findOne(Order, { id: orderId });
      if (!order || order.personId !== personId) throw new NotFoundError('Order');
      const createKey = `order:${order.id}:create:${input.idempotencyKey}`;
      if (order.status !== 'awaiting_payment') {
        // A retry taking over a call whose process died after paying: its payment is the answer.
        const made = await this.idempotency.succeeded<IntentView>(actorScope(ctx, 'intent.create'), createKey);
        if (made) return this.payments.getIntent(ctx, made.id);
        throw new ConflictError('ORDER_NOT_PAYABLE', `This order is ${order.status.replace('_', ' ')}, not waiting for payment`);
      }
      const created = await this.payments.createIntent(ctx, {
        amountMinor: order.totalMinor,
        currency: order.currency,
        purpose: { kind: 'order', referenceId: order.id },
        businessId: order.businessId,
        fundingSourceId: input.fundingSourceId,
        idempotencyKey: createKey,
      });
      // The live state, not the one stored at creation: a crashed first try may have confirmed it.
      // Taking over from one that died mid-payment, confirm again with its key: that learns from
      // the PSP what the charge did (and charges only if it never happened).
      const intent = await this.payments.getIntent(ctx, created.id);
      const unpaid = intent.state === 'requires_confirmation' || intent.state === 'requires_payment_method';
      if (!unpaid && !(takeover && intent.state === 'processing')) return intent;
      return this.payments.confirm(ctx, intent.id, {
        fundingSourceId: input.fundingSourceId,
        pin: input.pin,
        idempotencyKey: `order:${order.id}:confirm:${input.idempotencyKey}`,
      });
    });
  }

  // Only an order's payment concerns checkout: the payments of transfers and top-ups write no row for it.
  @OnEvent(intentSucceeded, 'checkout', { when: `e.purpose_kind = 'order'` })
  async succeeded(_ctx: RequestContext, event: IntentEvent & { captured: string }): Promise<void> {
    if (event.purpose.kind !== 'order') return;
    await this.onOrder(event.purpose.referenceId, async (tx, order, posted) => {
      if (order.status === 'awaiting_payment') {
        await this.lifecycle.move(tx, order, 'paid', 'payments', `payment:${event.intentId}`, '', posted);
        await this.say(tx, order, posted, `paid:${event.intentId}`, {
          paymentId: event.intentId,
          amount: storedMoney(event.captured, event.currency),
          status: 'succeeded',
        });
      } else if (order.status === 'canceled') {
        // Paid after the window closed: the money must go back. Shown to the merchant, who refunds.
        order.botError = `paid by ${event.intentId} after it was canceled: refund it`;
        this.logger.warn({ orderId: order.id, intentId: event.intentId }, 'payment for a canceled order');
      }
    });
  }

  /** A job queued as intentSucceeded was before it became an event (see intentSucceededJob). */
  @OnJob(intentSucceededJob)
  async succeededJob(ctx: RequestContext, event: IntentEvent & { captured: string }): Promise<void> {
    await this.succeeded(ctx, event);
  }

  @OnJob(intentFailed)
  async failed(_ctx: RequestContext, event: IntentEvent & { failureCode: string; failureMessage: string }): Promise<void> {
    if (event.purpose.kind !== 'order') return;
    await this.onOrder(event.purpose.referenceId, async (tx, order, posted) => {
      if (order.status !== 'awaiting_payment') return;
      await this.say(tx, order, posted, `failed:${event.intentId}:${event.failureCode}`, {
        paymentId: event.intentId,
        amount: storedMoney(event.amount, event.currency),
        status: 'failed',
        note: `${event.failureMessage} You can try again with another card.`.slice(0, 1000),
      });
    });
  }

  @OnJob(paymentRefunded)
  async refunded(
    _ctx: RequestContext,
    event: IntentEvent & { refundId: string; refunded: string; totalRefunded: string },
  ): Promise<void> {
    if (event.purpose.kind !== 'order') return;
    await this.onOrder(event.purpose.referenceId, async (tx, order, posted) => {
      const whole = BigInt(event.totalRefunded) >= order.totalMinor;
      const to = whole ? 'refunded' : 'partially_refunded';
      if (
        order.status === 'refunded' ||
        order.status === 'canceled' ||
        order.status === 'pending' ||
        order.status === 'awaiting_payment'
      )
        return;
      await this.lifecycle.move(tx, order, to, 'payments', `refund:${event.refundId}`, '', posted);
      await this.say(tx, order, posted, `refund:${event.refundId}`, {
        paymentId: event.intentId,
        amount: storedMoney(event.refunded, event.currency),
        status: 'refunded',
      });
    });
  }

  private async onOrder(
    orderId: string,
    change: (tx: EntityManager, order: Order, posted: MessageView[]) => Promise<void>,
  ): Promise<void> {
    // An intent made through the payments API may name any reference as an order: only our orders
    // concern us, and anything else must not make the job fail (and retry) for ever.
    if (!isUuid(orderId)) return;
    const posted: MessageView[] = [];
    const changed = await this.em.fork().transactional(async (tx) => {
      const order = await tx.findOne(Order, { id: orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (order) await change(tx, order, posted);
      return order;
    });
    await this.messages.announce(posted);
    await this.orderEvents.announce(changed);
  }

  private async say(
    tx: EntityManager,
    order: Order,
    posted: MessageView[],
    key: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    posted.push(
      await this.messages.post(
        tx,
        {
          conversationId: order.conversationId,
          sender: { kind: 'bot', businessId: order.businessId },
          kind: 'payment',
          payload,
          clientMessageId: `order:${order.id}:${key}`,
        },
        { announcing: true },
      ),
    );
  }
}
