import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { EventDefinition } from '../events/event-definition';
import type { JobDefinition } from '../jobs/job-definition';
import { OutboxMessage } from './outbox-message.entity';

export interface EnqueueOptions {
  /** Run no earlier than this many milliseconds after the transaction commits (about). */
  delayMs?: number;
  /** BullMQ priority, 1 first (up to 2,097,152): for queues that serve some jobs before others. */
  priority?: number;
}

/**
 * The only way domain code schedules work. `enqueue` persists an outbox row on the caller's
 * EntityManager, so it commits or rolls back with the caller's own rows; the relay in the worker
 * hands it to BullMQ after the commit.
 */
@Injectable()
export class OutboxService {
  enqueue<P>(em: EntityManager, job: JobDefinition<P>, payload: P, options: EnqueueOptions = {}): OutboxMessage {
    const availableAt = new Date(Date.now() + (options.delayMs ?? 0));
    const priority = options.priority === undefined ? null : Math.min(Math.max(1, Math.round(options.priority)), 2_097_152);
    const message = new OutboxMessage(job.queue, job.name, payload, availableAt, priority);
    em.persist(message);
    return message;
  }

  /** Records an event for its subscribers (every `@OnEvent` of it), committed with the caller's transaction. */
  publish<P>(em: EntityManager, event: EventDefinition<P>, payload: P, options: EnqueueOptions = {}): OutboxMessage {
    return this.enqueue(em, event, payload, options);
  }
}
