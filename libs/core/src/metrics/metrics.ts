import { Global, Injectable, Module } from '@nestjs/common';
import cluster from 'node:cluster';
import {
  AggregatorRegistry,
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type RegistryContentType,
} from 'prom-client';
import { withTimeout } from '../util/timeout';

/** Seconds; from a 5 ms catalog read to a 30 s job. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Something read at scrape time (queue depth, outbox lag): it sets its gauges, or throws and they stay unset. */
export type ScrapeProbe = () => Promise<void>;

const PROBE_TIMEOUT_MS = 2_000;

let clusterLink: AggregatorRegistry<RegistryContentType> | undefined;

/**
 * The process's Prometheus metrics (prom-client), one registry per app so a test that boots an API
 * and a worker in one process still scrapes each alone. Domains increment what they own through
 * this service (inject `Metrics`); the API serves it at `GET /metrics`, the worker on
 * `METRICS_PORT`. Label values are always from bounded sets (operation = a schema field, codes,
 * queue and job names, outcomes), never from callers.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly probes: ScrapeProbe[] = [];
  private probing?: Promise<void>;
  /** For the gauges the probes set: each waits for the one round of probes a scrape runs. */
  private readonly probed = () => this.runProbes();

  /** GraphQL operations by their first top-level field (bounded by the schema) and type. */
  readonly graphqlRequests = new Counter({
    name: 'kedai_graphql_requests_total',
    help: 'GraphQL operations answered, by first top-level field and operation type',
    labelNames: ['operation', 'type'] as const,
    registers: [this.registry],
  });

  readonly graphqlDuration = new Histogram({
    name: 'kedai_graphql_request_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response',
    labelNames: ['operation', 'type'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Errors sent to clients by their stable code; transport graphql or http. */
  readonly errors = new Counter({
    name: 'kedai_errors_total',
    help: 'Errors returned to clients, by stable code and transport',
    labelNames: ['code', 'transport'] as const,
    registers: [this.registry],
  });

  readonly subscriptionsOpen = new Gauge({
    name: 'kedai_graphql_subscriptions_open',
    help: 'GraphQL operations running over WebSockets (subscriptions) right now',
    registers: [this.registry],
  });

  readonly socketsOpen = new Gauge({
    name: 'kedai_graphql_sockets_open',
    help: 'graphql-ws connections open right now',
    registers: [this.registry],
  });

  readonly jobs = new Counter({
    name: 'kedai_jobs_total',
    help: 'Job attempts finished, by queue, job and outcome (completed, failed)',
    labelNames: ['queue', 'job', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'kedai_job_duration_seconds',
    help: 'Time a job attempt ran, by queue and job',
    labelNames: ['queue', 'job'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly jobWait = new Histogram({
    name: 'kedai_job_wait_seconds',
    help: 'Time from a job being due (added, or its delay over) to an attempt starting, by queue',
    labelNames: ['queue'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  /** Set at scrape time by the worker's queue probe. */
  readonly queueJobs = new Gauge({
    name: 'kedai_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, prioritized, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
    collect: this.probed,
    // Every worker reads the same queues: summed over processes they would count each job N times.
    aggregator: 'max',
  });

  readonly outboxPending = new Gauge({
    name: 'kedai_outbox_pending',
    help: 'Outbox rows due and not yet relayed to BullMQ',
    registers: [this.registry],
    collect: this.probed,
    aggregator: 'max',
  });

  readonly outboxLag = new Gauge({
    name: 'kedai_outbox_lag_seconds',
    help: 'Age of the oldest due outbox row not yet relayed (0 when none)',
    registers: [this.registry],
    collect: this.probed,
    aggregator: 'max',
  });

  readonly outboxRelayed = new Counter({
    name: 'kedai_outbox_relayed_total',
    help: 'Outbox rows relayed to BullMQ, by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });

  readonly outboxHandedOff = new Counter({
    name: 'kedai_outbox_handed_off_total',
    help: 'Jobs their writer added to BullMQ itself after its commit (OutboxHandoff), by queue and outcome (added, or failed: left to the relay)',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Committed payment intent outcomes: succeeded, authorized, failed, canceled, requires_action. */
  readonly payments = new Counter({
    name: 'kedai_payments_total',
    help: 'Payment intent outcomes committed, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /**
   * Conversations handed between the bot and live agents; `to` is agent or bot. Chat counts an
   * agent's own take-over or give-back; the customer-service bot increments it when it hands over.
   */
  readonly botHandoffs = new Counter({
    name: 'kedai_bot_handoffs_total',
    help: 'Business conversations handed over, by who takes them (agent, bot)',
    labelNames: ['to'] as const,
    registers: [this.registry],
  });

  private readonly scrapeErrors = new Counter({
    name: 'kedai_metrics_probe_errors_total',
    help: 'Scrape-time probes (queue depth, outbox lag) that failed or timed out',
    registers: [this.registry],
    collect: this.probed,
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    // Under scripts/processes.ts (node:cluster) the supervisor sums every process's figures.
    // (Constructing an AggregatorRegistry is what makes this process answer the supervisor's requests.)
    if (cluster.isWorker) {
      clusterLink ??= new AggregatorRegistry();
      AggregatorRegistry.setRegistries([this.registry]);
    }
  }

  /** Adds a probe run before each scrape; a failing probe is counted and leaves its gauges as they were. */
  onScrape(probe: ScrapeProbe): void {
    this.probes.push(probe);
  }

  /** The text exposition format; the probes run once per scrape, before their gauges are read. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  private runProbes(): Promise<void> {
    this.probing ??= Promise.all(
      this.probes.map(async (probe) => {
        try {
          await withTimeout(probe(), PROBE_TIMEOUT_MS, 'metrics probe');
        } catch {
          this.scrapeErrors.inc();
        }
      }),
    ).then(() => {
      this.probing = undefined;
    });
    return this.probing;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
