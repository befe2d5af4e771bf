import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { QueueRegistry } from '@kedai/core';
import { takeInbound, type InboundWebhook } from '../whatsapp.jobs';

interface Waiting {
  webhook: InboundWebhook;
  done: (err?: unknown) => void;
}

/** At most this many webhooks go into one job; more wait for the next. */
const MAX_BATCH = 200;

/**
 * Hands Meta's verified webhooks to the worker before the bridge answers 200, in as few Redis
 * round trips as the load allows: webhooks arriving while an enqueue is in flight wait and go
 * together in the next one (group commit), so under load one job carries hundreds, and alone a
 * webhook costs one job. The API writes nothing else: storing, de-duplicating and mapping are
 * the worker's, in batches (BridgeInboundService.take).
 *
 * Redis holds a webhook from the 200 until the worker has stored it in PostgreSQL: with the
 * append-only file fsynced every second (docker/redis.conf), a Redis crash loses nothing and only
 * a crash of its host can lose the last second. Meta does not redeliver what was answered 200.
 */
@Injectable()
export class InboundIngest implements OnModuleDestroy {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly queues: QueueRegistry) {}

  /** Resolves once the webhook is in Redis; rejects when Redis could not take it (the caller answers 5xx). */
  store(body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        webhook: { body: body.toString('utf8'), receivedAt: Date.now() },
        done: (err) => (err ? reject(err) : resolve()),
      });
      if (!this.flushing) this.flushing = this.drain();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.queues
          .get(takeInbound.queue)
          // Nothing to keep once done: the bodies are in whatsapp_inbound by then.
          .add(takeInbound.name, { webhooks: batch.map((w) => w.webhook) }, { removeOnComplete: true });
        for (const w of batch) w.done();
      } catch (e) {
        for (const w of batch) w.done(e);
      }
    }
    this.flushing = null;
  }
}
