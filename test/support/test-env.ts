import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule, INestApplication, INestApplicationContext, Provider, Type } from '@nestjs/common';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { Logger } from 'nestjs-pino';
import { Client } from 'pg';
import request from 'supertest';
import { LOG_DESTINATION } from '@kedai/core';
import { ApiModule } from '../../apps/api/src/api.module';
import { configureApi } from '../../apps/api/src/configure-api';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { cloneTemplate, dropDatabase } from './test-db';
import { LogCapture } from './log-capture';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** REDIS_URL as connection options, for BullMQ clients a test opens itself. */
export function redisOptions(): { host: string; port: number; password?: string } {
  const u = new URL(REDIS_URL);
  return { host: u.hostname, port: Number(u.port || 6379), ...(u.password ? { password: decodeURIComponent(u.password) } : {}) };
}

type Imports = (Type | DynamicModule)[];
type Override = { provide: unknown; useValue: unknown } | { provide: unknown; useClass: Type };
export interface AppOptions {
  /** Modules to add next to the app's own (a test's job handlers, say). */
  imports?: Imports;
  providers?: Provider[];
  overrides?: Override[];
  /** Environment for this app only, e.g. { NODE_ENV: 'production' } or a REDIS_URL through a proxy. */
  env?: Record<string, string>;
}

/**
 * One test file's world: its own database (cloned from the migrated template), its own Redis
 * key prefix, and the real API and worker apps booted against them. `close()` stops the apps and
 * removes the database and the Redis keys.
 */
export class TestEnv {
  readonly logs = new LogCapture();
  private readonly apps: INestApplicationContext[] = [];
  private pgClient?: Client;
  private redisClient?: Redis;

  private constructor(
    readonly databaseUrl: string,
    readonly queuePrefix: string,
  ) {}

  /** Rate-limit and other non-queue keys; the queue prefix without its hash-tag braces. */
  get keyPrefix(): string {
    return this.queuePrefix.slice(1, -1);
  }

  /** Where the development code sender writes this file's sign-in codes. */
  get devCodesFile(): string {
    return join(tmpdir(), `${this.keyPrefix}-codes.jsonl`);
  }

  /** Where this file's uploaded photos are stored (the local-disk media adapter). */
  get mediaDir(): string {
    return join(tmpdir(), `${this.keyPrefix}-media`);
  }

  /** `databaseUrl`: a migrated database of the test's own (on a server it started), instead of a clone. */
  static async create(options: { databaseUrl?: string } = {}): Promise<TestEnv> {
    const env = new TestEnv(options.databaseUrl ?? (await cloneTemplate()), `{kt-${randomBytes(4).toString('hex')}}`);
    env.applyEnv();
    return env;
  }

  private applyEnv(extra: Record<string, string> = {}): void {
    Object.assign(process.env, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL,
      QUEUE_PREFIX: this.queuePrefix,
      REDIS_KEY_PREFIX: this.keyPrefix,
      DEV_CODES_FILE: this.devCodesFile,
      MEDIA_DIR: this.mediaDir,
      OUTBOX_POLL_MS: '50',
      OUTBOX_MAX_BACKOFF_MS: '500',
      // The worker's metrics and health server: a free port each, as files run side by side.
      METRICS_PORT: '0',
      ...extra,
    });
  }

  private async compile(root: Type, options: AppOptions) {
    this.applyEnv(options.env);
    let builder: TestingModuleBuilder = Test.createTestingModule({
      imports: [root, ...(options.imports ?? [])],
      providers: options.providers ?? [],
    });
    builder = builder.overrideProvider(LOG_DESTINATION).useValue(this.logs.stream);
    for (const o of options.overrides ?? []) {
      const override = builder.overrideProvider(o.provide);
      builder = 'useClass' in o ? override.useClass(o.useClass) : override.useValue(o.useValue);
    }
    const moduleRef = await builder.compile();
    this.applyEnv();
    return moduleRef;
  }

  /** The real API app, listening on an ephemeral port. */
  async api(options: AppOptions = {}): Promise<INestApplication> {
    const moduleRef = await this.compile(ApiModule, options);
    const app = moduleRef.createNestApplication({ bufferLogs: false });
    configureApi(app, { shutdownHooks: false });
    await app.init();
    this.apps.push(app);
    return app;
  }

  /** The real worker (outbox relay and job processors) as an application context. */
  async worker(options: AppOptions = {}): Promise<INestApplicationContext> {
    const moduleRef = await this.compile(WorkerModule, options);
    moduleRef.useLogger(moduleRef.get(Logger));
    // Tracked before init, so a worker that fails to start is still closed by stopWorkers/close.
    this.apps.push(moduleRef);
    await moduleRef.init();
    return moduleRef;
  }

  /**
   * `count` workers side by side (two by default), as a deployment with several worker processes
   * runs them: relays racing for the same outbox rows, consumers for the same queues.
   */
  async workers(count = 2, options: AppOptions = {}): Promise<INestApplicationContext[]> {
    const started: INestApplicationContext[] = [];
    for (let i = 0; i < count; i++) started.push(await this.worker(options));
    return started;
  }

  /** Stops every worker still running, so a failed test cannot leave one relaying into the next. */
  async stopWorkers(): Promise<void> {
    for (const app of this.apps.filter((a) => !('getHttpServer' in a))) await this.stop(app);
  }

  async stop(app: INestApplicationContext): Promise<void> {
    const i = this.apps.indexOf(app);
    if (i >= 0) this.apps.splice(i, 1);
    await app.close();
  }

  /** A plain SQL connection to this file's database, for setting up and checking rows. */
  async sql(): Promise<Client> {
    if (!this.pgClient) {
      this.pgClient = new Client({ connectionString: this.databaseUrl });
      await this.pgClient.connect();
    }
    return this.pgClient;
  }

  redis(): Redis {
    this.redisClient ??= new Redis(REDIS_URL);
    return this.redisClient;
  }

  /**
   * Deletes every key of this file's (queues, jobs, rate limits, markers), as a Redis restarted
   * without its data or flushed would have none: FLUSHALL for this file only.
   */
  async forgetRedis(): Promise<void> {
    const redis = this.redis();
    for (const match of [`${this.queuePrefix}*`, `${this.keyPrefix}:*`]) {
      for await (const keys of redis.scanStream({ match, count: 500 })) {
        if ((keys as string[]).length) await redis.del(...(keys as string[]));
      }
    }
  }

  async close(): Promise<void> {
    for (const app of this.apps.splice(0).reverse()) await app.close();
    await this.pgClient?.end();
    await this.forgetRedis();
    await rm(this.devCodesFile, { force: true });
    await rm(this.mediaDir, { recursive: true, force: true });
    this.redis().disconnect();
    await dropDatabase(this.databaseUrl);
  }
}

/** POSTs a GraphQL operation as a browser-free client would (JSON, so CSRF prevention lets it through). */
export function gql(
  app: INestApplication,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return request(app.getHttpServer())
    .post('/graphql')
    .set('content-type', 'application/json')
    .set(headers)
    .send({ query, variables });
}

/** Waits until `check` returns a truthy value or the time runs out (then fails with `what`). */
export async function eventually<T>(
  check: () => Promise<T>,
  what: string,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
