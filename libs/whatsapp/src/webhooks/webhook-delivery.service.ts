import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { newId, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { WhatsappChannel } from '../entities/channel.entity';
import { WhatsappWebhookDelivery } from '../entities/webhook-delivery.entity';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { deliverWebhook } from '../whatsapp.jobs';
import type { ChannelIds } from './envelope';
import { metaJson, SIGNATURE_HEADER, signBody } from './signature';

/** How long a webhook is retried before it is given up on, as Meta does. */
export const RETRY_FOR_MS = 24 * 3600 * 1000;
const MAX_DELAY_MS = 3600 * 1000;
const TIMEOUT_MS = 10_000;
const READ_KEY = 'status:read:';
const DELIVERED_KEY = 'status:delivered:';
/** How long a `read` waits, at least, for its message's `delivered` to have been sent. */
const ORDER_WAIT_MS = 250;

export const channelIds = (c: WhatsappChannel): ChannelIds => ({
  phoneNumberId: c.id,
  wabaId: c.wabaId,
  displayPhoneNumber: c.metaDisplayPhoneNumber ?? c.id,
  catalogId: c.metaCatalogId ?? c.wabaId,
});

/** The wait before attempt `n + 1` after `n` failed ones: base, 2×base, 4×base… at most an hour. */
export const retryDelayMs = (base: number, failed: number): number => Math.min(base * 2 ** (failed - 1), MAX_DELAY_MS);

/**
 * Webhooks to a business's callback, at least once: each is a row (the signed body and how it
 * went) written with its first job in one transaction; every attempt is one job, and a failed
 * attempt schedules the next one with its own delay in the same transaction that records the
 * failure, until 24 hours have passed. A job that runs twice finds its attempt already counted.
 */
@Injectable()
export class WebhookDeliveryService {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: OutboxService,
    private readonly access: BusinessAccessService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  /** Queues a webhook unless one was made for the same `eventKey`; returns whether it was new. */
  async queue(channel: WhatsappChannel, eventKey: string, field: 'messages' | 'statuses', payload: unknown): Promise<boolean> {
    if (!channel.callbackUrl) return false;
    return this.em.fork().transactional(async (tx) => {
      const id = newId();
      const made = await tx.execute<{ id: string }[]>(
        `insert into whatsapp_webhook_delivery (id, channel_id, event_key, field, body, status, attempts)
         values (?, ?, ?, ?, ?, 'pending', 0) on conflict (event_key) do nothing returning id`,
        [id, channel.id, eventKey, field, metaJson(payload)],
      );
      if (made.length === 0) return false;
      this.outbox.enqueue(tx, deliverWebhook, { deliveryId: id, attempt: 1 });
      await tx.flush();
      return true;
    });
  }

  /** One attempt; see the class comment. */
  async attempt(deliveryId: string, attempt: number): Promise<void> {
    const em = this.em.fork();
    const delivery = await em.findOne(WhatsappWebhookDelivery, { id: deliveryId });
    if (!delivery || delivery.status !== 'pending' || delivery.attempts !== attempt - 1) return;
    const waitMs = await this.waitForEarlier(em, delivery);
    if (waitMs !== null) {
      // Not an attempt: the same one again once the earlier status had its turn.
      await em.transactional(async (tx) => {
        this.outbox.enqueue(tx, deliverWebhook, { deliveryId, attempt }, { delayMs: waitMs });
        await tx.flush();
      });
      return;
    }
    const channel = await em.findOneOrFail(WhatsappChannel, { id: delivery.channelId });
    const problem = channel.callbackUrl ? await this.post(channel, delivery.body) : 'no callback URL is registered';
    await em.transactional(async (tx) => {
      const now = new Date();
      const age = now.getTime() - new Date(delivery.createdAt).getTime();
      const delay = retryDelayMs(this.config.webhookRetryMs, attempt);
      const giveUp = problem !== null && (!channel.callbackUrl || age + delay > RETRY_FOR_MS);
      const changed = await tx.nativeUpdate(
        WhatsappWebhookDelivery,
        { id: deliveryId, attempts: attempt - 1, status: 'pending' },
        problem === null
          ? { status: 'delivered', attempts: attempt, deliveredAt: now, lastError: null, nextAttemptAt: null }
          : {
              status: giveUp ? 'failed' : 'pending',
              attempts: attempt,
              lastError: problem.slice(0, 500),
              nextAttemptAt: giveUp ? null : new Date(now.getTime() + delay),
            },
      );
      if (changed === 1 && problem !== null && !giveUp) {
        this.outbox.enqueue(tx, deliverWebhook, { deliveryId, attempt: attempt + 1 }, { delayMs: delay });
        await tx.flush();
      }
    });
  }

  /**
   * A message's `read` goes after its `delivered`, as Meta sends them. Both are queued in that
   * order (one shopper mark can move both), but their jobs may run side by side: a `read` whose
   * `delivered` has not had its first try yet waits a moment for it. After that try, whatever it
   * gave, the `read` goes its own way (a failing callback must not hold it for a day). Null:
   * nothing to wait for.
   */
  private async waitForEarlier(em: EntityManager, delivery: WhatsappWebhookDelivery): Promise<number | null> {
    if (!delivery.eventKey.startsWith(READ_KEY)) return null;
    const untried = await em.count(WhatsappWebhookDelivery, {
      eventKey: DELIVERED_KEY + delivery.eventKey.slice(READ_KEY.length),
      status: 'pending',
      attempts: 0,
    });
    return untried > 0 ? ORDER_WAIT_MS : null;
  }

  /** A business's latest webhooks and how each went (business:edit). */
  async list(ctx: RequestContext, businessId: string, first: number): Promise<WhatsappWebhookDelivery[]> {
    await this.access.require(ctx, businessId, 'business:edit');
    const em = this.em.fork();
    const channel = await em.findOne(WhatsappChannel, { businessId });
    if (!channel) return [];
    return em.find(
      WhatsappWebhookDelivery,
      { channelId: channel.id },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first },
    );
  }

  /** Posts the signed body; null when the callback took it (2xx), else why not. */
  private async post(channel: WhatsappChannel, body: string): Promise<string | null> {
    try {
      const res = await fetch(channel.callbackUrl!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(channel.appSecret, body) },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.ok ? null : `the callback answered ${res.status}`;
    } catch (e) {
      return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    }
  }
}
