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
  /**
   * The columns of the row `e` its writer offers subscribers' `when` (see OnEvent); empty when the
   * writer offers none, and then every subscriber hears every row.
   */
  readonly facts: readonly string[];
  /**
   * Every subscriber the event may have, by name, when its definition declares them: then no other
   * may subscribe, and a writer that has every one of them registered may skip the rows none of
   * them wants (wantedSql). Undeclared: every row is written and the relay decides.
   */
  readonly subscribers?: readonly string[];
}

/** One subscriber of one event: a job of its own, with its own retries and dead letters. */
export interface Subscription {
  readonly event: string;
  readonly subscriber: string;
  readonly job: JobDefinition<unknown>;
  /** The SQL condition (over the event's facts, `e.<fact>`) under which the subscriber wants a row; always when absent. */
  readonly when?: string;
}

const events = new Map<string, EventDefinition<unknown>>();
const subscriptions = new Map<string, Subscription[]>();

const SUBSCRIBER_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export function defineEvent<P>(
  name: string,
  options: { subscriberQueue?: QueueName; facts?: readonly string[]; subscribers?: readonly string[] } = {},
): EventDefinition<P> {
  const existing = events.get(name);
  if (existing) return existing as EventDefinition<P>;
  const def: EventDefinition<P> = Object.freeze({
    queue: EVENT_OUTBOX_QUEUE,
    name,
    subscriberQueue: options.subscriberQueue ?? 'events',
    facts: Object.freeze([...(options.facts ?? [])]),
    ...(options.subscribers && { subscribers: Object.freeze([...options.subscribers]) }),
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

/**
 * The payload field in which an event's writer says, per subscriber with a `when`, whether the
 * condition held: `{"support-bot": false, ...}`. The relay leaves out a subscriber only where it
 * says `false`; a subscriber it does not name (a row written before the subscriber had a `when`,
 * or by a process that does not know the subscriber) or names with null hears the row.
 */
export const ROUTING_FIELD = 'routing';

const routingCache = new WeakMap<readonly Subscription[], string | null>();

/**
 * The SQL expression an event's writer puts in its payload's ROUTING_FIELD, in the statement that
 * writes the outbox row, with the facts as a row `e` in scope (e.g. `cross join lateral (select
 * c.business_id, ?::text as kind) e`): a jsonb object of each subscriber with a `when` and its
 * value. Null when none of the event's subscribers has a `when`. Evaluated in the writer's own
 * statement, so it sees exactly what was committed when that statement began: a setting committed
 * before a message's send began is obeyed; one committing while the send runs counts as later.
 */
export function routingSql(event: EventDefinition<unknown>): string | null {
  const list = subscriptions.get(event.name) ?? [];
  let sql = routingCache.get(list);
  if (sql === undefined) {
    const parts = list.filter((s) => s.when).map((s) => `'${s.subscriber}', (${s.when})`);
    sql = parts.length ? `jsonb_build_object(${parts.join(', ')})` : null;
    routingCache.set(list, sql);
  }
  return sql;
}

const wantedCache = new WeakMap<readonly Subscription[], string>();

/**
 * Whether a row of this event is worth writing at all, as an SQL condition over its facts (the
 * same row `e` as routingSql): false only when none of the event's subscribers would get a job
 * from it. A writer puts it in the WHERE of its outbox insert and spares the row, the relay's
 * claim and the commit's wake-up of the relay. Only for an event that declares its subscribers
 * (defineEvent's `subscribers`), and only in a process where every one of them is registered (its
 * module loaded): anywhere else it is `true`, the row is written and the relay decides, so a
 * process that does not know a subscriber never drops that subscriber's rows.
 */
export function wantedSql(event: EventDefinition<unknown>): string {
  const list = subscriptions.get(event.name) ?? [];
  let sql = wantedCache.get(list);
  if (sql === undefined) {
    const complete =
      event.subscribers !== undefined && event.subscribers.every((name) => list.some((s) => s.subscriber === name));
    sql = !complete || list.some((s) => !s.when) ? 'true' : `(${list.map((s) => `(${s.when})`).join(' or ')})`;
    wantedCache.set(list, sql);
  }
  return sql;
}

/**
 * The subscribers a row of this event goes to, and the payload they get (without the routing):
 * every subscriber, except one with a `when` that the writer found false.
 */
export function subscribersFor(eventName: string, payload: unknown): { subscribers: readonly Subscription[]; payload: unknown } {
  const all = subscriptionsOf(eventName);
  const routing = (payload as Record<string, unknown> | null)?.[ROUTING_FIELD];
  if (routing === undefined) return { subscribers: all, payload };
  const { [ROUTING_FIELD]: _routing, ...rest } = payload as Record<string, unknown>;
  const said = (routing ?? {}) as Record<string, unknown>;
  return { subscribers: all.filter((s) => !(s.when && said[s.subscriber] === false)), payload: rest };
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
 *
 * `when` spares the jobs that would do nothing: an SQL condition over the event's facts (`e.<fact>`,
 * see defineEvent) and the subscriber's own tables, which the event's writer evaluates in the
 * statement that writes the row (see routingSql). It must hold wherever the subscriber could act
 * (a superset is fine: the subscriber still checks for itself), and read only data whose every
 * change commits before the events it should affect are written.
 */
export function OnEvent<P>(
  event: EventDefinition<P>,
  subscriber: string,
  options: { queue?: QueueName; when?: string } = {},
): MethodDecorator {
  if (!SUBSCRIBER_NAME.test(subscriber)) throw new Error(`subscriber name ${JSON.stringify(subscriber)}: use a-z, 0-9 and -`);
  if (options.when !== undefined) checkWhen(event, subscriber, options.when);
  if (event.subscribers && !event.subscribers.includes(subscriber))
    throw new Error(`event ${event.name}: subscriber ${subscriber} is not among those its definition declares (subscribers)`);
  const list = subscriptions.get(event.name) ?? [];
  const job = defineJob<P>(options.queue ?? event.subscriberQueue, `${event.name}>${subscriber}`);
  const same = list.find((s) => s.subscriber === subscriber);
  if (same && same.job !== job) throw new Error(`event ${event.name} has two subscribers named ${subscriber}`);
  if (!same)
    subscriptions.set(event.name, [...list, { event: event.name, subscriber, job, ...(options.when && { when: options.when }) }]);
  return SetMetadata(ON_JOB, job);
}

/** A `when` names only its event's facts and carries no placeholder (the writer's parameters are positional). */
function checkWhen(event: EventDefinition<unknown>, subscriber: string, when: string): void {
  const where = `event ${event.name}, subscriber ${subscriber}: when`;
  if (event.facts.length === 0) throw new Error(`${where}: the event offers no facts to decide on`);
  if (when.includes('?')) throw new Error(`${where}: no ? placeholders (use literals)`);
  for (const [, fact] of when.matchAll(/\be\.([a-z_]+)/g))
    if (!event.facts.includes(fact)) throw new Error(`${where}: e.${fact} is not one of ${event.facts.join(', ')}`);
}
