import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { AggregatorRegistry } from 'prom-client';
import {
  allocatorEnv,
  appConfig,
  ConfigError,
  metricsAuthorized,
  metricsConfig,
  poolPerProcess,
  processesConfig,
  validateAllConfig,
} from '@kedai/core';

/**
 * `npm start` and the image's `start` target: API_PROCESSES API processes sharing PORT (node:cluster
 * hands each connection to one of them) and WORKER_PROCESSES workers, each worker with its own
 * metrics and health port (METRICS_PORT + 1, + 2, …). Every process gets DATABASE_POOL_MAX from
 * the DATABASE_MAX_CONNECTIONS budget unless it is set. A process that dies is started again
 * (backing off while it keeps dying); SIGTERM or SIGINT is passed to every process, which drain
 * as they do alone, and whatever is still running after SHUTDOWN_TIMEOUT_MS + 5 s is killed.
 * METRICS_PORT itself serves every process's metrics summed (prom-client's cluster aggregator).
 */
type Role = 'api' | 'worker';
interface Slot {
  role: Role;
  index: number;
  env: Record<string, string>;
  failures: number;
  startedAt: number;
  worker?: Worker;
}

const DIST = join(__dirname, '..');
const MAIN: Record<Role, { exec: string; execArgv: string[] }> = {
  // The API's heap sized for it (as the Dockerfile and the bench run it): an 8 MB young generation,
  // and a 512 MB old one, which also holds V8's old-generation growth between full GCs to 1.4× the
  // live heap instead of 4× (bench/README.md, API memory, issue 15).
  api: { exec: join(DIST, 'apps/api/src/main.js'), execArgv: ['--max-semi-space-size=8', '--max-old-space-size=512'] },
  worker: { exec: join(DIST, 'apps/worker/src/main.js'), execArgv: [] },
};

function log(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), name: 'processes', msg: message })}\n`);
}

function plan(): Slot[] {
  const processes = processesConfig();
  const metrics = metricsConfig();
  if (processes.api + processes.workers === 0)
    throw new ConfigError(['API_PROCESSES and WORKER_PROCESSES are both 0: nothing to run']);
  const pool = process.env.DATABASE_POOL_MAX || String(poolPerProcess(processes));
  // jemalloc when the machine has it, else glibc held to two arenas (allocatorEnv; the Dockerfile likewise).
  const allocator = allocatorEnv();
  const slots: Slot[] = [];
  for (let i = 1; i <= processes.api; i += 1) {
    slots.push({ role: 'api', index: i, env: { DATABASE_POOL_MAX: pool, ...allocator }, failures: 0, startedAt: 0 });
  }
  for (let i = 1; i <= processes.workers; i += 1) {
    const port = metrics.port === 0 ? 0 : metrics.port + i;
    slots.push({
      role: 'worker',
      index: i,
      env: { DATABASE_POOL_MAX: pool, METRICS_PORT: String(port), ...allocator },
      failures: 0,
      startedAt: 0,
    });
  }
  log(
    `running ${processes.api} API and ${processes.workers} worker processes, ${pool} PostgreSQL connections each` +
      ` (budget ${processes.maxConnections})`,
  );
  return slots;
}

function main(): void {
  try {
    validateAllConfig();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  let slots: Slot[];
  try {
    slots = plan();
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const byWorker = new Map<Worker, Slot>();

  const start = (slot: Slot) => {
    cluster.setupPrimary({ exec: MAIN[slot.role].exec, execArgv: MAIN[slot.role].execArgv });
    const worker = cluster.fork({ ...slot.env, KEDAI_PROCESS: `${slot.role}-${slot.index}` });
    slot.worker = worker;
    slot.startedAt = Date.now();
    byWorker.set(worker, slot);
  };

  cluster.on('exit', (worker, code, signal) => {
    const slot = byWorker.get(worker);
    byWorker.delete(worker);
    if (!slot) return;
    slot.worker = undefined;
    if (stopping) {
      if (byWorker.size === 0) process.exit(0);
      return;
    }
    // A process that ran a minute is healthy again; one that keeps dying waits longer each time.
    slot.failures = Date.now() - slot.startedAt > 60_000 ? 1 : slot.failures + 1;
    const delay = Math.min(30_000, 500 * 2 ** (slot.failures - 1));
    log(`${slot.role}-${slot.index} exited (${signal ?? `code ${code}`}); starting it again in ${delay} ms`);
    setTimeout(() => !stopping && start(slot), delay).unref();
  });

  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: no more waiting.
      for (const w of byWorker.keys()) w.process.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping ${byWorker.size} processes`);
    for (const w of byWorker.keys()) w.process.kill('SIGTERM');
    if (byWorker.size === 0) process.exit(0);
    setTimeout(() => {
      log('processes still running after the shutdown budget; killing them');
      for (const w of byWorker.keys()) w.process.kill('SIGKILL');
      process.exit(1);
    }, appConfig().shutdownTimeoutMs + 5_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  stopWithLaunchers(() => stop('SIGTERM'));

  serveSummedMetrics();
  for (const slot of slots) start(slot);
}

/**
 * `npm start` runs us under npm and its script shell, and npm does not pass a SIGTERM on: `kill
 * <npm's pid>` would leave the API and the worker running. scripts/start.sh names the processes
 * that launched it (KEDAI_STOP_WITH_PIDS); when one of them is gone, we stop as on SIGTERM.
 */
function stopWithLaunchers(stop: () => void): void {
  const pids = (process.env.KEDAI_STOP_WITH_PIDS ?? '')
    .split(',')
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 1);
  if (pids.length === 0) return;
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  };
  const timer = setInterval(() => {
    if (pids.every(alive)) return;
    clearInterval(timer);
    log('the process that started us is gone; stopping');
    stop();
  }, 1_000);
  timer.unref();
}

/** Every process's metrics, summed (gauges of shared state: the largest), on METRICS_PORT. */
function serveSummedMetrics(): void {
  const { port, token } = metricsConfig();
  const { host } = appConfig();
  const aggregator = new AggregatorRegistry();
  const server = createServer((req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found\n');
      return;
    }
    if (!metricsAuthorized(token, req.headers.authorization)) {
      res.writeHead(401).end('unauthorized\n');
      return;
    }
    aggregator.clusterMetrics().then(
      (body) => res.writeHead(200, { 'content-type': aggregator.contentType }).end(body),
      (e: Error) => res.writeHead(500).end(`${e.message}\n`),
    );
  });
  server.on('error', (e) => log(`summed metrics not served on ${host}:${port}: ${e.message}`));
  server.listen(port, host).unref();
}

main();
