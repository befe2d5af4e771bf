import { SetMetadata } from '@nestjs/common';
import { defineJob, type JobDefinition, type QueueName } from '../jobs/job-definition';
import { ON_JOB } from '../jobs/on-job.decorator';

/**
 * The outbox `queue` of an event row. It names no BullMQ queue: the relay fans such a row out to
 * one job per subscriber (see OutboxRelay), each on the subscriber's own queue.
 */
export const EVENT_OUTBOX_QUEUE = '@event';

/**
 * Something that happened, which any number of modules may react to (a job has exactly one
 * handler; an event has zero or more subscribers). Written to the outbox like a job, in the
 * transaction of the change, with `OutboxService.publish` (or `enqueue`: the shapes match).
 */
export interface EventDefinition<P> extends JobDefinition<P> {
  readonly queue: typeof EVENT_OUTBOX_QUEUE;
  /** Where subscribers' jobs run unless a subscriber names its own queue. */
  readonly subscriberQueue: QueueName;
}

/** One subscriber of one event: a job of its own, with its own retries and dead letters. */
export interface Subscription {
  readonly event: string;
  readonly subscriber: string;
  readonly job: JobDefinition<unknown>;
}

const events = new Map<string, EventDefinition<unknown>>();
const subscriptions = new Map<string, Subscription[]>();

const SUBSCRIBER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function defineEvent<P>(name: string, options: { subscriberQueue?: QueueName } = {}): EventDefinition<P> {
  const existing = events.get(name);
  if (existing) return existing as EventDefinition<P>;
  const def: EventDefinition<P> = Object.freeze({
    queue: EVENT_OUTBOX_QUEUE,
    name,
    subscriberQueue: options.subscriberQueue ?? 'events',
  });
  events.set(name, def);
  return def;
}

export function eventNamed(name: string): EventDefinition<unknown> | undefined {
  return events.get(name);
}

/** The subscribers the relay fans an event out to (every subscriber declared in this process's code). */
export function subscriptionsOf(eventName: string): readonly Subscription[] {
  return subscriptions.get(eventName) ?? [];
}

/** The job id of one subscriber's copy of an event row: stable, so a re-relayed row adds nothing new. */
export const subscriberJobId = (rowId: string, subscriber: string) => `${rowId}-${subscriber}`;

/**
 * Subscribes a provider method to an event:
 *
 *     @OnEvent(shopperWrote, 'support-bot', { queue: 'support' })
 *     async answer(ctx: RequestContext, payload: {...}, job: JobInfo) { ... }
 *
 * The subscriber name is unique per event and part of the job id (`<outbox row id>-<name>`), so
 * use it in your Effects.once keys when you need them per delivery. Each subscriber is declared as
 * a job (`<event>><subscriber>`), so the worker's wiring check (every job exactly one handler)
 * covers subscribers too; a failing subscriber retries alone and never re-runs the others.
 */
export function OnEvent<P>(event: EventDefinition<P>, subscriber: string, options: { queue?: QueueName } = {}): MethodDecorator {
  if (!SUBSCRIBER_NAME.test(subscriber)) throw new Error(`subscriber name ${JSON.stringify(subscriber)}: use a-z, 0-9 and -`);
  const list = subscriptions.get(event.name) ?? [];
  const job = defineJob<P>(options.queue ?? event.subscriberQueue, `${event.name}>${subscriber}`);
  const same = list.find((s) => s.subscriber === subscriber);
  if (same && same.job !== job) throw new Error(`event ${event.name} has two subscribers named ${subscriber}`);
  if (!same) subscriptions.set(event.name, [...list, { event: event.name, subscriber, job }]);
  return SetMetadata(ON_JOB, job);
}
