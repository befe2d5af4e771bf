/** Queues the platform runs. A queue is a unit of scaling and isolation, not a job type. */
export const QUEUES = ['system'] as const;
export type QueueName = (typeof QUEUES)[number] | (string & {});

/** A job type: where it runs and what its payload looks like. Payloads must be JSON and hold no secrets. */
export interface JobDefinition<P> {
  readonly queue: QueueName;
  readonly name: string;
  /** Phantom field carrying the payload type; never set. */
  readonly __payload?: P;
}

const defined = new Map<string, JobDefinition<unknown>>();

export const jobKey = (queue: string, name: string) => `${queue}/${name}`;

/**
 * Declares a job type. The worker refuses to start unless every declared job has exactly one
 * handler, so a producer can never enqueue work nothing will do.
 */
export function defineJob<P>(queue: QueueName, name: string): JobDefinition<P> {
  const key = jobKey(queue, name);
  const existing = defined.get(key);
  if (existing) return existing as JobDefinition<P>;
  const def: JobDefinition<P> = Object.freeze({ queue, name });
  defined.set(key, def);
  return def;
}

export function definedJobs(): JobDefinition<unknown>[] {
  return [...defined.values()];
}
