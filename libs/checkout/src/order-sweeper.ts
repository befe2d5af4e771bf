import { MikroORM } from '@mikro-orm/postgresql';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { OutboxService } from '@kedai/core';
import { OrderBot } from './order-bot';
import { queueForBot } from './order-queue';

/** An order the bot has not decided this long after it was last put in line is put in line again. */
const STALE_AFTER_S = 60;
const EVERY_MS = 30_000;
const BATCH = 200;
/** How often unpaid orders whose payment window closed are looked for (a lookup in a partial index). */
const EXPIRED_EVERY_MS = 2_000;
const EXPIRED_BATCH = 100;

/**
 * Puts back in line the orders whose bot job is gone. The outbox makes sure the job reached Redis;
 * but a Redis that restarts without persistence, is flushed, or fails over to an empty node
 * forgets jobs still waiting, and such an order would stay `pending` for good. Any order still
 * pending, not held, and untouched for STALE_AFTER_S gets a new job through the outbox. If the
 * first job was only slow (a long backlog), both run and the second finds the order decided: the
 * bot works only on a pending order with no hold, under the order's row lock, so nothing happens
 * twice. Bumping updated_at spaces the re-queues out; SKIP LOCKED keeps two workers' sweeps and
 * the bot's own transactions out of each other's way. The partial index keeps each sweep small.
 * It also closes the payment windows that have passed (closeExpired), every EXPIRED_EVERY_MS.
 */
@Injectable()
export class OrderSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrderSweeper.name);
  private timer?: NodeJS.Timeout;
  private expiryTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private expiring?: Promise<number>;

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxService,
    private readonly bot: OrderBot,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.sweeping ??= this.sweep()
        .catch((err: Error) => {
          this.logger.warn(`order sweep failed: ${err.message}`);
          return 0;
        })
        .finally(() => (this.sweeping = undefined));
    };
    tick(); // at once: a worker starting after a Redis loss finds the stranded orders first
    this.timer = setInterval(tick, EVERY_MS);
    this.timer.unref();
    const expiryTick = () => {
      this.expiring ??= this.closeExpired()
        .catch((err: Error) => {
          this.logger.warn(`payment-window sweep failed: ${err.message}`);
          return 0;
        })
        .finally(() => (this.expiring = undefined));
    };
    this.expiryTimer = setInterval(expiryTick, EXPIRED_EVERY_MS);
    this.expiryTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    clearInterval(this.expiryTimer);
    await Promise.all([this.sweeping, this.expiring]);
  }

  /**
   * Closes the payment windows that have passed: each order is canceled (its units back on the
   * shelf, the chat told) by the bot under the order's lock, which re-checks that it is still
   * unpaid and due, so two workers sweeping at once, or an old payment-window job, cancel it once.
   * This replaced a delayed job per order, which every order paid in time also cost. Returns how
   * many it canceled.
   */
  async closeExpired(): Promise<number> {
    const due = await this.orm.em
      .fork()
      .execute<{ id: string }[]>(
        `select id from shop_order where status = 'awaiting_payment' and expires_at <= now() order by expires_at limit ?`,
        [EXPIRED_BATCH],
      );
    let closed = 0;
    for (const { id } of due) if (await this.bot.closeWindow(id)) closed += 1;
    return closed;
  }

  /** One pass; returns how many orders it put back in line. */
  async sweep(): Promise<number> {
    return this.orm.em.fork().transactional(async (tx) => {
      const stale = await tx.execute<{ id: string; business_id: string; created_at: Date }[]>(
        `update shop_order set updated_at = now()
          where id in (select id from shop_order
                        where status = 'pending' and hold is null and updated_at < now() - make_interval(secs => ?)
                        order by updated_at limit ? for update skip locked)
          returning id, business_id, created_at`,
        [STALE_AFTER_S, BATCH],
      );
      for (const o of stale) await queueForBot(tx, this.outbox, { id: o.id, businessId: o.business_id, createdAt: o.created_at });
      if (stale.length) this.logger.warn(`put ${stale.length} undecided orders back in line for the bot`);
      return stale.length;
    });
  }
}
