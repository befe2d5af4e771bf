import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { allocatorEnv } from '@kedai/core/util/allocator';
import { createDatabase, dropDatabase } from '../db/database-admin';
import type { LoadSettings, Stack } from './scenario';

/** dist/ (this file runs as dist/bench/stack.js) and the repository root above it. */
const DIST = join(__dirname, '..');
const ROOT = join(DIST, '..');

/**
 * BENCH_NAME (default `kedai_bench`) names the bench's database and its Redis prefixes, so two
 * benches on one machine (two checkouts, two people) do not drop each other's data.
 */
const BENCH_NAME = /^[a-z0-9_]+$/.test(process.env.BENCH_NAME ?? '') ? process.env.BENCH_NAME! : 'kedai_bench';
export const BENCH_DATABASE = BENCH_NAME;
export const BENCH_QUEUE_PREFIX = `{${BENCH_NAME.replace(/_/g, '-')}}`;
export const BENCH_KEY_PREFIX = BENCH_NAME.replace(/_/g, '-');
const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/kedai';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * As `npm start` and the Dockerfile run the API (see README: resident memory). BENCH_API_NODE_FLAGS
 * (space-separated) replaces them, to measure other V8 settings.
 */
const API_NODE_FLAGS = process.env.BENCH_API_NODE_FLAGS?.split(' ').filter(Boolean) ?? [
  '--max-semi-space-size=8',
  '--max-old-space-size=512',
];
/**
 * BENCH_PROFILE_DIR: write a V8 CPU profile of the API and every worker there (Node refuses
 * --cpu-prof in NODE_OPTIONS, so the harness passes it). One file per process, named by its pid.
 */
const PROFILE_FLAGS = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
/** Every API process reports what its resident memory is made of (memory-probe.ts, read by load.ts). */
const MEMORY_PROBE_FLAGS = ['--require', join(DIST, 'bench', 'memory-probe.js')];
/** The apps' own SHUTDOWN_TIMEOUT_MS is 10 s; after this they are killed. */
const STOP_GRACE_MS = 12_000;

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

/** A Node child process on the harness's own Node, its output forwarded to stderr with a prefix. */
class Child {
  private readonly proc: ChildProcess;
  private readonly tail: string[] = [];
  readonly exited: Promise<number | string>;

  constructor(
    readonly name: string,
    script: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    nodeFlags: string[] = [],
  ) {
    // process.execPath: the same Node 24 that runs the harness (the project's pinned one under npm run).
    this.proc = spawn(process.execPath, [...nodeFlags, join(DIST, script), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [this.proc.stdout, this.proc.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
        process.stderr.write(`[${name}] ${line}\n`);
      });
    }
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      this.proc.once('error', (e) => resolve(`spawn error: ${e.message}`));
    });
  }

  get pid(): number {
    if (this.proc.pid === undefined) throw new Error(`${this.name} did not start`);
    return this.proc.pid;
  }

  get running(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null && this.proc.pid !== undefined;
  }

  output(): string {
    return this.tail.length ? this.tail.map((l) => `  ${l}`).join('\n') : '  (no output)';
  }

  /** SIGTERM, then SIGKILL if it has not exited within the grace period. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.killNow(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  killNow(): void {
    if (this.running) this.proc.kill('SIGKILL');
  }
}

/** A port the kernel says is free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** BENCH_WORKERS: worker processes for scenarios that need the worker (default 1). */
function workerCount(): number {
  const raw = process.env.BENCH_WORKERS;
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`BENCH_WORKERS must be a positive whole number (got "${raw}")`);
  return value;
}

/** BENCH_API_PROCESSES: API processes sharing the port (default 1). */
export function apiProcessCount(): number {
  const raw = process.env.BENCH_API_PROCESSES;
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`BENCH_API_PROCESSES must be a positive whole number (got "${raw}")`);
  return value;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Deletes the keys under the bench's own queue prefix, and nothing else. */
async function clearQueuePrefix(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${BENCH_QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function runToCompletion(child: Child, signal: AbortSignal): Promise<void> {
  const onAbort = () => child.killNow();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const status = await child.exited;
    if (signal.aborted) throw new Error('interrupted');
    if (status !== 0) throw new Error(`\`${child.name}\` exited with ${status}:\n${child.output()}`);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function waitUntilReady(child: Child, baseUrl: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (signal.aborted) throw new Error('interrupted');
    if (!child.running)
      throw new Error(`the ${child.name} exited before it was ready (${await child.exited}):\n${child.output()}`);
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(200);
  }
  throw new Error(
    `the ${child.name} was not ready within ${timeoutMs / 1000} s (GET /health/ready: ${last}):\n${child.output()}`,
  );
}

export interface RunningStack {
  stack: Stack;
  /** Stops every child process, then drops the database and the queue keys. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts Kedai on 127.0.0.1 for one benchmark: a fresh kedai_bench database (dropped, created,
 * migrated and seeded with `node dist/db/cli.js setup`), its own Redis queue prefix, a free port,
 * NODE_ENV=production and LOG_LEVEL=warn; then the API (and the worker if asked), waiting for
 * GET /health/ready. Every child is killed on stop(), and at the latest when the harness exits.
 */
export async function startStack(options: {
  load: LoadSettings;
  worker: boolean;
  readyTimeoutMs: number;
  signal: AbortSignal;
}): Promise<RunningStack> {
  const databaseUrl = withDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL, BENCH_DATABASE);
  const redisUrl = process.env.REDIS_URL || DEFAULT_REDIS_URL;
  const children: Child[] = [];
  const killAll = () => children.forEach((c) => c.killNow());
  process.on('exit', killAll);

  // Where the API processes' memory probes write their peaks (see memory-probe.ts and sampleRss).
  const memoryDir = mkdtempSync(join(tmpdir(), 'kedai-bench-memory-'));
  process.env.BENCH_MEMORY_DIR = memoryDir;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(children.map((c) => c.stop()));
    process.off('exit', killAll);
    rmSync(memoryDir, { recursive: true, force: true });
    await dropDatabase(databaseUrl).catch((e: Error) => log(`could not drop ${BENCH_DATABASE}: ${e.message}`));
    await clearQueuePrefix(redisUrl).catch((e: Error) => log(`could not clear ${BENCH_QUEUE_PREFIX} keys: ${e.message}`));
  };

  try {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      // The allocator as the Dockerfile and scripts/processes.ts run every process (jemalloc when present).
      ...allocatorEnv(),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: BENCH_QUEUE_PREFIX,
      REDIS_KEY_PREFIX: BENCH_KEY_PREFIX,
      // Production mode wants real secrets; a bench run makes throwaway ones.
      JWT_SECRET: process.env.JWT_SECRET || randomBytes(32).toString('hex'),
      OTP_SECRET: process.env.OTP_SECRET || randomBytes(32).toString('hex'),
      // A load from one address is the point of a bench, not abuse to throttle.
      RATE_LIMIT_PER_IP: process.env.RATE_LIMIT_PER_IP || '100000000',
      // Likewise a few hundred bench people each sending several messages a second.
      RATE_LIMIT_PER_ACCOUNT: process.env.RATE_LIMIT_PER_ACCOUNT || '100000000',
    };

    log(`recreating database ${BENCH_DATABASE}`);
    await dropDatabase(databaseUrl);
    await createDatabase(databaseUrl);
    await clearQueuePrefix(redisUrl);
    const setupEnv = { ...env }; // the db CLI listens on nothing
    delete setupEnv.PORT;
    delete setupEnv.HOST;
    const setup = new Child('db', 'db/cli.js', ['setup'], setupEnv);
    children.push(setup);
    await runToCompletion(setup, options.signal);

    const baseUrl = `http://127.0.0.1:${port}`;
    // BENCH_API_PROCESSES (default 1): more than one runs the API as a node:cluster on the one port.
    const apiProcesses = apiProcessCount();
    const api =
      apiProcesses > 1
        ? new Child('api', 'bench/api-cluster.js', [], { ...env, BENCH_API_PROCESSES: String(apiProcesses) }, [
            ...API_NODE_FLAGS,
            ...PROFILE_FLAGS,
            ...MEMORY_PROBE_FLAGS,
          ])
        : new Child('api', 'apps/api/src/main.js', [], env, [...API_NODE_FLAGS, ...PROFILE_FLAGS, ...MEMORY_PROBE_FLAGS]);
    children.push(api);
    // BENCH_WORKERS (default 1): how many worker processes a scenario that needs the worker gets.
    const workers: Child[] = [];
    for (let i = 1; options.worker && i <= workerCount(); i++) {
      // Its own metrics port: the default one may be taken by another bench or a running Kedai.
      const workerEnv = { ...env, METRICS_PORT: String(await freePort()) };
      workers.push(new Child(i === 1 ? 'worker' : `worker${i}`, 'apps/worker/src/main.js', [], workerEnv, PROFILE_FLAGS));
      children.push(workers.at(-1)!);
    }
    await waitUntilReady(api, baseUrl, options.readyTimeoutMs, options.signal);
    log(
      `api ready at ${baseUrl} (pid ${api.pid}${apiProcesses > 1 ? `, ${apiProcesses} processes` : ''})` +
        `${workers.length > 1 ? `, ${workers.length} workers` : ''}`,
    );
    // The worker serves no HTTP: by the time the API is ready it has either failed its start-up checks or runs.
    for (const worker of workers)
      if (!worker.running) throw new Error(`the ${worker.name} exited (${await worker.exited}):\n${worker.output()}`);
    const worker = workers[0];

    return {
      stack: {
        baseUrl,
        apiPid: api.pid,
        workerPid: worker?.pid,
        workerPids: workers.map((w) => w.pid),
        databaseUrl,
        redisUrl,
        queuePrefix: BENCH_QUEUE_PREFIX,
        jwtSecret: env.JWT_SECRET!,
        load: options.load,
        signal: options.signal,
      },
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
