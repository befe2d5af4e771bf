import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { newId } from '@kedai/core';
import { processInbound } from '../whatsapp.jobs';

interface Waiting {
  id: string;
  sha: string;
  body: string;
  done: (err?: unknown) => void;
}

/** At most this many webhooks go into one INSERT; more wait for the next. */
const MAX_BATCH = 200;

/**
 * Stores Meta's webhooks before the bridge answers 200, in as few round trips as the load
 * allows: webhooks arriving while an INSERT is in flight wait and go together in the next one
 * (group commit), so under load one statement stores hundreds, and alone a webhook costs one
 * statement. Each statement inserts the raw bodies (a body seen before is skipped by its
 * SHA-256) and, for the new ones, their processing jobs in the outbox: stored and scheduled in
 * one commit, so nothing acknowledged to Meta is lost.
 */
@Injectable()
export class InboundIngest implements OnModuleDestroy {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly em: EntityManager) {}

  /** Resolves once the body is committed (or was already). */
  store(body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: newId(),
        sha: createHash('sha256').update(body).digest('hex'),
        body: body.toString('utf8'),
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
        await this.insert(batch);
        for (const w of batch) w.done();
      } catch (e) {
        for (const w of batch) w.done(e);
      }
    }
    this.flushing = null;
  }

  private async insert(batch: Waiting[]): Promise<void> {
    // Two identical bodies in one batch: the first one stands for both.
    const unique = [...new Map(batch.map((w) => [w.sha, w])).values()];
    await this.em.getConnection().execute(
      `with i as (
         insert into whatsapp_inbound (id, body_sha256, body)
         select x.id, x.sha, x.body from json_to_recordset(?::json) as x(id uuid, sha text, body text)
         on conflict (body_sha256) do nothing returning id)
       insert into outbox (id, queue, name, payload)
       select gen_random_uuid(), ?, ?, jsonb_build_object('inboundId', i.id) from i`,
      [JSON.stringify(unique.map(({ id, sha, body }) => ({ id, sha, body }))), processInbound.queue, processInbound.name],
    );
  }
}
