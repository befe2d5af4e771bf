import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/postgresql';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { outboxConfig, redisConfig, type OutboxConfig, type RedisConfig } from '../config/namespaces';
import { Metrics } from '../metrics/metrics';
import { contextFrom, inSpan } from '../tracing/tracing';
import { SpanKind } from '@opentelemetry/api';
import { RedisConnections } from '../redis/redis-connections';
import { RequestContext } from '../request-context/request-context';
import { eventNamed, subscriberJobId, subscribersFor } from '../events/event-definition';
import { definedJobs, jobKey, type JobDefinition } from './job-definition';
import { ON_JOB, type JobInfo } from './on-job.decorator';
import { QueueRegistry } from './queue-registry';

type Handler = (ctx: RequestContext, payload: unknown, job: JobInfo) => Promise<unknown>;

interface FoundHandler {
  definition: JobDefinition<unknown>;
  where: string;
  run: Handler;
}

/** Thrown at start-up when the set of handlers does not match the set of declared jobs. */
export class JobWiringError extends Error {}

/**
 * Finds every `@OnJob` handler, checks that each declared job has exactly one, and runs one
 * BullMQ worker per queue that dispatches by job name. Each job gets its own forked
 * EntityManager and a system RequestContext whose request id is the job id.
 */
@Injectable()
export class JobDispatcher implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobDispatcher.name);
  private readonly handlers = new Map<string, FoundHandler>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly orm: MikroORM,
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) private readonly redisCfg: RedisConfig,
    @Inject(outboxConfig.KEY) private readonly cfg: OutboxConfig,
    private readonly metrics: Metrics,
    private readonly queues: QueueRegistry,
  ) {}

  /**
   * The wiring is checked here, before any bootstrap hook runs: the outbox relay starts in its
   * own onApplicationBootstrap, and a worker that refuses to start must not have relayed a row.
   */
  onModuleInit(): void {
    this.collect();
  }

  async onApplicationBootstrap(): Promise<void> {
    const queues = new Set([...this.handlers.values()].map((h) => h.definition.queue));
    for (const queue of queues) this.workers.push(this.startWorker(queue));
    this.metrics.onScrape(() => this.measureQueues([...queues]));
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
    this.logger.log(`Working ${this.handlers.size} job types on queues: ${[...queues].join(', ') || 'none'}`);
  }

  /** Stops taking jobs and waits for the running ones to finish (BullMQ's graceful close). */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }

  private collect(): void {
    const problems: string[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const definition = this.reflector.get<JobDefinition<unknown> | undefined>(ON_JOB, fn);
        if (!definition) continue;
        const key = jobKey(definition.queue, definition.name);
        const where = `${wrapper.name}.${method}`;
        const seen = this.handlers.get(key);
        if (seen) problems.push(`job ${key} has two handlers: ${seen.where} and ${where}`);
        else this.handlers.set(key, { definition, where, run: (fn as Handler).bind(instance) });
      }
    }
    for (const def of definedJobs()) {
      if (!this.handlers.has(jobKey(def.queue, def.name))) problems.push(`job ${jobKey(def.queue, def.name)} has no handler`);
    }
    if (problems.length > 0) throw new JobWiringError(`Refusing to start the worker: ${problems.join('; ')}`);
  }

  private startWorker(queue: string): Worker {
    const worker = new Worker(queue, (job) => this.process(queue, job), {
      // Blocking reads need a connection of their own that retries forever.
      connection: this.redis.open(`worker:${queue}`, { maxRetriesPerRequest: null }),
      prefix: this.redisCfg.queuePrefix,
      concurrency: this.cfg.workerConcurrency,
      // A killed worker's jobs go back to the queue once their lock lapses and a stalled check
      // runs: within WORKER_LOCK_MS + WORKER_STALLED_CHECK_MS, not BullMQ's 30 s + 30 s.
      lockDuration: this.cfg.workerLockMs,
      // Renewed four times per lock (BullMQ renews at half by default), so a busy event loop
      // must stall for three quarters of the lock before a live worker loses a job.
      lockRenewTime: Math.floor(this.cfg.workerLockMs / 4),
      stalledInterval: this.cfg.workerStalledCheckMs,
      maxStalledCount: this.cfg.workerMaxStalled,
      autorun: true,
    });
    worker.on('failed', (job, err) =>
      this.logger.warn({ jobId: job?.id, queue, job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'),
    );
    worker.on('error', (err) => this.logger.error({ queue, err: err.message }, 'worker error'));
    return worker;
  }

  private async process(queue: string, job: Job): Promise<unknown> {
    const handler = this.handlers.get(jobKey(queue, job.name));
    if (!handler && eventNamed(job.name)) return this.fanOut(job);
    if (!handler) throw new UnrecoverableError(`no handler for ${jobKey(queue, job.name)}`);
    const info: JobInfo = { id: String(job.id), queue, name: job.name, attempt: job.attemptsMade + 1 };
    const ctx = RequestContext.system(`job:${job.name}`, info.id);
    const due = job.timestamp + (job.opts.delay ?? 0);
    this.metrics.jobWait.observe({ queue }, Math.max(0, (job.processedOn ?? Date.now()) - due) / 1000);
    const timer = this.metrics.jobDuration.startTimer({ queue, job: job.name });
    try {
      // A span per attempt, continuing the trace of whoever enqueued it (carried in the outbox row).
      const result = await inSpan(
        `job ${job.name}`,
        {
          kind: SpanKind.CONSUMER,
          parent: contextFrom(job.opts.telemetry?.metadata),
          attributes: {
            'messaging.system': 'bullmq',
            'messaging.destination.name': queue,
            'messaging.message.id': info.id,
            'kedai.job.attempt': info.attempt,
          },
        },
        () => OrmContext.create(this.orm.em, () => handler.run(ctx, job.data, info)),
      );
      this.metrics.jobs.inc({ queue, job: job.name, outcome: 'completed' });
      return result;
    } catch (e) {
      this.metrics.jobs.inc({ queue, job: job.name, outcome: 'failed' });
      throw e;
    } finally {
      timer();
    }
  }

  /** Queue depth by state, read from Redis at scrape time (the autoscaler's signal for workers). */
  private async measureQueues(queues: string[]): Promise<void> {
    const states = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
    await Promise.all(
      queues.map(async (queue) => {
        const counts = await this.queues.get(queue).getJobCounts(...states);
        for (const state of states) this.metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
      }),
    );
  }

  /**
   * A job by an event's name, relayed before that name became an event (a deploy caught it in
   * flight): handed on to the subscribers as the relay would have, under the same job ids.
   */
  private async fanOut(job: Job): Promise<void> {
    const { subscribers, payload } = subscribersFor(job.name, job.data);
    for (const s of subscribers)
      await this.queues.get(s.job.queue).add(s.job.name, payload, { jobId: subscriberJobId(String(job.id), s.subscriber) });
  }
}
