import { registerAs } from '@nestjs/config';
import { Transform, Type, type TransformFnParams } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';
import { authConfig } from './auth.config';
import { ConfigError, readEnv } from './env';
import { webConfig } from './web.config';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['0', 'false', 'no', 'off'];
/**
 * For `@Transform` on a boolean variable. Reads the raw value: implicit conversion has already made
 * every non-empty string, "false" included, `true`. Anything unrecognised stays a string so
 * @IsBoolean reports it.
 */
export const toBool = ({ key, obj }: TransformFnParams): unknown => {
  const raw = (obj as Record<string, unknown>)[key];
  if (typeof raw === 'boolean') return raw;
  const s = String(raw).trim().toLowerCase();
  return TRUE.includes(s) ? true : FALSE.includes(s) ? false : raw;
};

class AppEnv {
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be one of development, production, test' })
  NODE_ENV: string = 'development';

  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer between 1 and 65535' })
  @Min(1, { message: 'PORT must be an integer between 1 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 1 and 65535' })
  PORT: number = 3000;

  @IsString({ message: 'HOST must be an interface address such as 127.0.0.1 or 0.0.0.0' })
  HOST: string = '127.0.0.1';

  // Where people reach this deployment (links, QR codes); without it, http://HOST:PORT.
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'PUBLIC_URL must be an http(s) URL, e.g. https://kedai.example' })
  PUBLIC_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: string = 'info';

  @Type(() => Number)
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(0)
  SHUTDOWN_TIMEOUT_MS: number = 10_000;

  // How long the API keeps an idle keep-alive connection open. It must outlast the idle timeout of
  // whatever reuses connections in front of it (a load balancer's, typically 60 s; a client
  // agent's): otherwise the API closes a socket at the moment the other side sends on it, and
  // that request fails with ECONNRESET although the API never saw it. Node's own default is 5 s.
  @Type(() => Number)
  @IsInt({ message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be a whole number of milliseconds' })
  @Min(1_000, { message: 'HTTP_KEEP_ALIVE_TIMEOUT_MS must be at least 1000' })
  HTTP_KEEP_ALIVE_TIMEOUT_MS: number = 65_000;
}

class DatabaseEnv {
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_URL must be a postgres:// URL' },
  )
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/kedai';

  @Type(() => Number)
  @IsInt({ message: 'DATABASE_POOL_MAX must be a positive integer' })
  @Min(1, { message: 'DATABASE_POOL_MAX must be a positive integer' })
  DATABASE_POOL_MAX: number = 10;

  @Transform(toBool)
  @IsBoolean({ message: 'DATABASE_DEBUG must be true or false' })
  DATABASE_DEBUG: boolean = false;

  // LISTEN holds a session: behind PgBouncer in transaction mode, point this at PostgreSQL itself.
  @ValidateIf((o: DatabaseEnv) => o.DATABASE_LISTEN_URL !== '')
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_LISTEN_URL must be a postgres:// URL' },
  )
  DATABASE_LISTEN_URL: string = '';

  // A streaming replica for reads that may lag (anonymous catalog and search, exports); empty: none.
  @ValidateIf((o: DatabaseEnv) => o.DATABASE_READ_URL !== '')
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_READ_URL must be a postgres:// URL' },
  )
  DATABASE_READ_URL: string = '';
}

class ProcessesEnv {
  @Type(() => Number)
  @IsInt({ message: 'API_PROCESSES must be an integer between 0 and 64' })
  @Min(0, { message: 'API_PROCESSES must be an integer between 0 and 64' })
  @Max(64, { message: 'API_PROCESSES must be an integer between 0 and 64' })
  API_PROCESSES: number = 1;

  @Type(() => Number)
  @IsInt({ message: 'WORKER_PROCESSES must be an integer between 0 and 64' })
  @Min(0, { message: 'WORKER_PROCESSES must be an integer between 0 and 64' })
  @Max(64, { message: 'WORKER_PROCESSES must be an integer between 0 and 64' })
  WORKER_PROCESSES: number = 1;

  // What this deployment may hold open on PostgreSQL in all, split between its processes.
  @Type(() => Number)
  @IsInt({ message: 'DATABASE_MAX_CONNECTIONS must be a positive integer' })
  @Min(2, { message: 'DATABASE_MAX_CONNECTIONS must be at least 2' })
  DATABASE_MAX_CONNECTIONS: number = 80;
}

class RedisEnv {
  @IsUrl(
    { protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true },
    { message: 'REDIS_URL must be a redis:// or rediss:// URL' },
  )
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  // The braces make it a Redis Cluster hash tag, so every key of a queue lands on one slot.
  @Matches(/^\{[A-Za-z0-9_.:-]+\}$/, { message: 'QUEUE_PREFIX must look like {name}, a Redis hash tag' })
  QUEUE_PREFIX: string = '{kedai}';

  // Every other key the app writes (rate limits, locks) starts with this, so deployments can share a Redis.
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'REDIS_KEY_PREFIX must be letters, digits, _ . : or -' })
  REDIS_KEY_PREFIX: string = 'kedai';

  // A Redis command that has not answered by then fails as UNAVAILABLE instead of holding a request.
  @Type(() => Number)
  @IsInt({ message: 'REDIS_COMMAND_TIMEOUT_MS must be a positive integer' })
  @Min(1, { message: 'REDIS_COMMAND_TIMEOUT_MS must be a positive integer' })
  REDIS_COMMAND_TIMEOUT_MS: number = 500;

  // The shared client sends the commands issued in one turn of the event loop in one write (rate
  // limits and publishes of many requests): fewer socket writes and wake-ups for Redis and the API.
  @Transform(toBool)
  @IsBoolean({ message: 'REDIS_AUTO_PIPELINING must be true or false' })
  REDIS_AUTO_PIPELINING: boolean = true;

  // host:port,host:port…: a Redis Cluster (its nodes, or some of them) instead of REDIS_URL's server.
  @Matches(/^([A-Za-z0-9.:[\]-]+:\d+)(,[A-Za-z0-9.:[\]-]+:\d+)*$/, {
    message: 'REDIS_CLUSTER_NODES must be host:port pairs separated by commas',
  })
  @ValidateIf((o: RedisEnv) => o.REDIS_CLUSTER_NODES !== '')
  REDIS_CLUSTER_NODES: string = '';
}

class GraphqlEnv {
  @Type(() => Number)
  @IsInt({ message: 'GRAPHQL_MAX_DEPTH must be a positive integer' })
  @Min(1, { message: 'GRAPHQL_MAX_DEPTH must be a positive integer' })
  GRAPHQL_MAX_DEPTH: number = 8;

  @Type(() => Number)
  @IsInt({ message: 'GRAPHQL_MAX_COST must be a positive integer' })
  @Min(1, { message: 'GRAPHQL_MAX_COST must be a positive integer' })
  // graphql-armor prices a query by its shape (fields weighted by depth, every fragment of a union
  // counted), not by list sizes. A catalog page asking every photo size in both formats costs
  // about 5,700; a chat history asking for every message kind, about 18,000.
  GRAPHQL_MAX_COST: number = 30_000;

  @Type(() => Number)
  @IsInt({ message: 'GRAPHQL_MAX_ALIASES must be a positive integer' })
  @Min(1, { message: 'GRAPHQL_MAX_ALIASES must be a positive integer' })
  GRAPHQL_MAX_ALIASES: number = 15;
}

class OutboxEnv {
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_BATCH_SIZE must be an integer between 1 and 1000' })
  @Min(1, { message: 'OUTBOX_BATCH_SIZE must be an integer between 1 and 1000' })
  @Max(1000, { message: 'OUTBOX_BATCH_SIZE must be an integer between 1 and 1000' })
  OUTBOX_BATCH_SIZE: number = 100;

  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_POLL_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'OUTBOX_POLL_MS must be at least 10' })
  OUTBOX_POLL_MS: number = 200;

  // A job its writer hands to BullMQ itself (OutboxHandoff) becomes the relay's this long after
  // its commit, should the handoff not have happened (the process died, Redis refused it).
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_HANDOFF_FALLBACK_MS must be a whole number of milliseconds, 100 to 600000' })
  @Min(100, { message: 'OUTBOX_HANDOFF_FALLBACK_MS must be a whole number of milliseconds, 100 to 600000' })
  @Max(600_000, { message: 'OUTBOX_HANDOFF_FALLBACK_MS must be a whole number of milliseconds, 100 to 600000' })
  OUTBOX_HANDOFF_FALLBACK_MS: number = 5_000;

  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_MAX_BACKOFF_MS must be a whole number of milliseconds' })
  @Min(10, { message: 'OUTBOX_MAX_BACKOFF_MS must be at least 10' })
  OUTBOX_MAX_BACKOFF_MS: number = 30_000;

  // When Redis is found without its data (restarted empty, flushed, failed over to an empty
  // node), the outbox rows relayed this many seconds back are relayed again (see RedisLossRecovery).
  @Type(() => Number)
  @IsInt({ message: 'OUTBOX_REPLAY_WINDOW_S must be a whole number of seconds, at least 60' })
  @Min(60, { message: 'OUTBOX_REPLAY_WINDOW_S must be a whole number of seconds, at least 60' })
  OUTBOX_REPLAY_WINDOW_S: number = 900;

  @Type(() => Number)
  @IsInt({ message: 'WORKER_CONCURRENCY must be a positive integer' })
  @Min(1, { message: 'WORKER_CONCURRENCY must be a positive integer' })
  WORKER_CONCURRENCY: number = 8;

  // A job's lock lapses this long after its worker stops renewing it (renewed every half of it):
  // how soon the jobs of a killed worker can be taken over. BullMQ's 30 s default made them wait.
  @Type(() => Number)
  @IsInt({ message: 'WORKER_LOCK_MS must be a whole number of milliseconds, at least 1000' })
  @Min(1000, { message: 'WORKER_LOCK_MS must be a whole number of milliseconds, at least 1000' })
  WORKER_LOCK_MS: number = 5_000;

  // How often every worker looks for jobs whose lock lapsed and puts them back in the queue.
  @Type(() => Number)
  @IsInt({ message: 'WORKER_STALLED_CHECK_MS must be a whole number of milliseconds, at least 500' })
  @Min(500, { message: 'WORKER_STALLED_CHECK_MS must be a whole number of milliseconds, at least 500' })
  WORKER_STALLED_CHECK_MS: number = 2_000;

  // How many times a job may be found stalled before it fails: a short lock makes a falsely stalled
  // job (a worker paused longer than the lock) likelier, and jobs are idempotent, so allow two.
  @Type(() => Number)
  @IsInt({ message: 'WORKER_MAX_STALLED must be a whole number, 0 or more' })
  @Min(0, { message: 'WORKER_MAX_STALLED must be a whole number, 0 or more' })
  WORKER_MAX_STALLED: number = 2;
}

class MetricsEnv {
  // The worker has no other HTTP: it serves /metrics and its health probes here. 0 picks a free port.
  @Type(() => Number)
  @IsInt({ message: 'METRICS_PORT must be an integer between 0 and 65535' })
  @Min(0, { message: 'METRICS_PORT must be an integer between 0 and 65535' })
  @Max(65535, { message: 'METRICS_PORT must be an integer between 0 and 65535' })
  METRICS_PORT: number = 9464;

  // When set, GET /metrics (API and worker) wants `Authorization: Bearer <token>`.
  @IsString()
  METRICS_TOKEN: string = '';
}

/**
 * The address people use to reach this deployment, without a trailing slash: PUBLIC_URL when set
 * (behind a proxy or on a domain), else the address the API listens on, with a wildcard host
 * shown as loopback.
 */
export function publicUrl(configured: string | undefined, host: string, port: number): string {
  if (configured) return configured.replace(/\/+$/, '');
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

export const appConfig = registerAs('app', () => {
  const env = readEnv(AppEnv);
  return {
    env: env.NODE_ENV as 'development' | 'production' | 'test',
    production: env.NODE_ENV === 'production',
    port: env.PORT,
    host: env.HOST,
    publicUrl: publicUrl(env.PUBLIC_URL, env.HOST, env.PORT),
    logLevel: env.LOG_LEVEL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
  };
});

export const databaseConfig = registerAs('database', () => {
  const env = readEnv(DatabaseEnv);
  return {
    url: env.DATABASE_URL,
    poolMax: env.DATABASE_POOL_MAX,
    debug: env.DATABASE_DEBUG,
    listenUrl: env.DATABASE_LISTEN_URL || env.DATABASE_URL,
    readUrl: env.DATABASE_READ_URL || null,
  };
});

export const redisConfig = registerAs('redis', () => {
  const env = readEnv(RedisEnv);
  return {
    url: env.REDIS_URL,
    queuePrefix: env.QUEUE_PREFIX,
    keyPrefix: env.REDIS_KEY_PREFIX,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    autoPipelining: env.REDIS_AUTO_PIPELINING,
    clusterNodes: env.REDIS_CLUSTER_NODES
      ? env.REDIS_CLUSTER_NODES.split(',').map((n) => {
          const at = n.lastIndexOf(':');
          return { host: n.slice(0, at), port: Number(n.slice(at + 1)) };
        })
      : null,
  };
});

export const graphqlConfig = registerAs('graphql', () => {
  const env = readEnv(GraphqlEnv);
  return { maxDepth: env.GRAPHQL_MAX_DEPTH, maxCost: env.GRAPHQL_MAX_COST, maxAliases: env.GRAPHQL_MAX_ALIASES };
});

export const outboxConfig = registerAs('outbox', () => {
  const env = readEnv(OutboxEnv);
  return {
    batchSize: env.OUTBOX_BATCH_SIZE,
    pollMs: env.OUTBOX_POLL_MS,
    maxBackoffMs: env.OUTBOX_MAX_BACKOFF_MS,
    handoffFallbackMs: env.OUTBOX_HANDOFF_FALLBACK_MS,
    replayWindowS: env.OUTBOX_REPLAY_WINDOW_S,
    workerConcurrency: env.WORKER_CONCURRENCY,
    workerLockMs: env.WORKER_LOCK_MS,
    workerStalledCheckMs: env.WORKER_STALLED_CHECK_MS,
    workerMaxStalled: env.WORKER_MAX_STALLED,
  };
});

/**
 * How many API and worker processes `npm start` (and the image's `start` command) runs, and the
 * PostgreSQL connections they share. Read by the supervisor, scripts/processes.ts.
 */
export const processesConfig = registerAs('processes', () => {
  const env = readEnv(ProcessesEnv);
  return { api: env.API_PROCESSES, workers: env.WORKER_PROCESSES, maxConnections: env.DATABASE_MAX_CONNECTIONS };
});

/**
 * Each process's pool (DATABASE_POOL_MAX) from the deployment's budget: every worker also holds
 * one LISTEN connection for the outbox relay, and every API process one for the session cache, so
 * those come off first; the rest is split evenly, at least 2 each.
 */
export function poolPerProcess(p: { api: number; workers: number; maxConnections: number }): number {
  const processes = p.api + p.workers;
  if (processes === 0) return 2;
  return Math.max(2, Math.floor((p.maxConnections - processes) / processes));
}

export const metricsConfig = registerAs('metrics', () => {
  const env = readEnv(MetricsEnv);
  return { port: env.METRICS_PORT, token: env.METRICS_TOKEN || null };
});

export type AppConfig = ReturnType<typeof appConfig>;
export type MetricsConfig = ReturnType<typeof metricsConfig>;
export type DatabaseConfig = ReturnType<typeof databaseConfig>;
export type RedisConfig = ReturnType<typeof redisConfig>;
export type GraphqlConfig = ReturnType<typeof graphqlConfig>;
export type OutboxConfig = ReturnType<typeof outboxConfig>;

export const ALL_CONFIG = [
  appConfig,
  databaseConfig,
  redisConfig,
  graphqlConfig,
  outboxConfig,
  authConfig,
  webConfig,
  metricsConfig,
  processesConfig,
];

/**
 * Reads and validates every namespace at once, so a bad environment is reported in full before
 * anything starts. Throws ConfigError.
 */
export function validateAllConfig(): void {
  const problems: string[] = [];
  for (const load of ALL_CONFIG) {
    try {
      load();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
