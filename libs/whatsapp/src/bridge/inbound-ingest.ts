import { createHash } from 'node:crypto';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ROOT_CONTEXT, trace, type Link } from '@opentelemetry/api';
import { inSpan, Sql, traceCarrier } from '@kedai/core';
import { takeInbound } from '../whatsapp.jobs';

interface Waiting {
  sha: string;
  body: string;
  at: number;
  /** The webhook's request span, which the batch's span links to (none when untraced). */
  link?: Link;
  done: (err?: unknown) => void;
}

/** At most this many webhooks go into one statement; more wait for the next. */
const MAX_BATCH = 200;

/**
 * The batch's bodies (a body stored before is skipped by its SHA-256: Meta's replays) and the
 * outbox row of the job that hands the new rows to the worker, in one statement, so one commit
 * makes both durable. The outbox's trigger wakes the worker's relay at that commit.
 */
const STORE = `
  with x as (select * from json_to_recordset($1::json) as x(sha text, body text, at double precision)),
    i as (
      insert into whatsapp_inbound (id, body_sha256, body, received_at)
      select gen_random_uuid(), x.sha, x.body, to_timestamp(x.at / 1000) from x
      on conflict (body_sha256) do nothing returning id)
  insert into outbox (id, queue, name, payload, trace_context)
  select gen_random_uuid(), $2, $3, jsonb_build_object('ids', jsonb_agg(i.id)), $4 from i having count(*) > 0`;

/**
 * Stores Meta's verified webhooks in PostgreSQL before the bridge answers 200, in as few
 * statements as the load allows: webhooks arriving while a write is in flight wait and go together
 * in the next one (group commit), so under load one statement carries hundreds, and alone a
 * webhook costs one. A 200 therefore means the body is committed, as safe as an order: neither a
 * crash of the API nor a Redis that comes back empty loses it (the job that takes it is an outbox
 * row, relayed again after such a loss). Mapping into Kedai is the worker's
 * (BridgeInboundService.takeStored), in batches.
 *
 * On plain pg (`Sql`), with the batch as one parameter: MikroORM's `execute` writes
 * parameters into the SQL text, which for a batch of bodies means escaping and parsing hundreds
 * of kilobytes as one literal. One statement, so no transaction is needed.
 */
@Injectable()
export class InboundIngest implements OnModuleDestroy {
  private queue: Waiting[] = [];
  private flushing: Promise<void> | null = null;
  constructor(private readonly sql: Sql) {}

  /** Resolves once the webhook is committed; rejects when it could not be (the caller answers 5xx). */
  store(body: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      const span = trace.getActiveSpan()?.spanContext();
      this.queue.push({
        sha: createHash('sha256').update(body).digest('hex'),
        body: body.toString('utf8'),
        at: Date.now(),
        ...(span && { link: { context: span } }),
        done: (err) => (err ? reject(err) : resolve()),
      });
      this.flushing ??= this.drain();
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        const rows = JSON.stringify(batch.map(({ sha, body, at }) => ({ sha, body, at })));
        // One span for the batch: in the trace of its first webhook, linked to the others'; the
        // job that maps the rows continues it (the outbox row's trace context).
        const [first, ...rest] = batch;
        const parent = first.link ? trace.setSpanContext(ROOT_CONTEXT, first.link.context) : ROOT_CONTEXT;
        const links = rest.flatMap((w) => (w.link ? [w.link] : []));
        const attributes = { 'whatsapp.webhooks': batch.length };
        await inSpan('whatsapp.inbound.store', { parent, links, attributes }, () =>
          this.sql.query(STORE, [rows, takeInbound.queue, takeInbound.name, traceCarrier()]),
        );
        for (const w of batch) w.done();
      } catch (e) {
        for (const w of batch) w.done(e);
      }
    }
    this.flushing = null;
  }
}
