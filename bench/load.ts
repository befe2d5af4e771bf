import { existsSync, readdirSync, rmSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { MemorySample } from './memory-probe';
import type { Figure, Stack } from './scenario';

const RSS_SAMPLE_MS = 250;

export interface HttpLoad {
  /** Path on the stack's API, e.g. /graphql. */
  path: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Bodies each connection sends in turn (instead of `body`), e.g. different search words. */
  bodies?: string[];
  /** Every 2xx response body must pass this; one that does not counts as an error. */
  verifyBody?: (body: string) => boolean;
}

export interface LoadOutcome {
  result: autocannon.Result;
  /** 2xx responses whose body failed verifyBody (non-2xx ones are already in result.non2xx). */
  wrongBodies: number;
  /** Peak VmRSS of the API process during the measured run, in MiB; null where /proc is unreadable. */
  peakRssMiB: number | null;
}

/** Reads VmRSS (kB) from /proc/<pid>/status; null once the process is gone. */
async function readRssKb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb);
  } catch {
    return null;
  }
}

/** The process's children (the API's cluster workers under BENCH_API_PROCESSES), or none. */
async function childPids(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.split(/\s+/).filter(Boolean).map(Number);
}

/** Deletes the memory probe's peak samples, so each API process starts its peak afresh. */
function restartMemoryProbe(): void {
  const dir = process.env.BENCH_MEMORY_DIR;
  if (!dir || !existsSync(dir)) return;
  for (const file of readdirSync(dir)) rmSync(join(dir, file), { force: true });
}

/**
 * What the largest of these processes' peaks was made of, as memory-probe.ts saw it (a line on
 * stderr, not a figure: the probe samples on its own clock, so its peak is near, not at, rss_mb's).
 */
async function describeMemoryPeak(pids: number[]): Promise<void> {
  const dir = process.env.BENCH_MEMORY_DIR;
  if (!dir) return;
  const samples: (MemorySample & { pid: number })[] = [];
  for (const pid of pids) {
    const text = await readFile(join(dir, `${pid}.json`), 'utf8').catch(() => null);
    if (text) samples.push({ ...(JSON.parse(text) as MemorySample), pid });
  }
  const peak = samples.sort((a, b) => b.rssMiB - a.rssMiB)[0];
  if (!peak) return;
  const outside = Math.round((peak.rssMiB - peak.heapMiB) * 10) / 10;
  process.stderr.write(
    `bench: api memory at its peak (pid ${peak.pid}): rss ${peak.rssMiB} MiB = V8 heap ${peak.heapMiB} ` +
      `(old generation ${peak.oldMiB}, young ${peak.youngMiB}; ${peak.heapUsedMiB} in use) + ${outside} outside it ` +
      `(code, buffers, the binary, threads; external ${peak.externalMiB})\n`,
  );
}

/**
 * Samples a process's resident memory every 250 ms until stopped; returns the peak in MiB. Under
 * BENCH_API_PROCESSES the pid is the cluster's primary: the figure is then the largest of its
 * API processes (each one's own peak is what must fit), not their sum. For API processes, stop()
 * also writes what the peak was made of (memory-probe.ts) to stderr.
 */
export function sampleRss(pid: number): { stop(): Promise<number | null> } {
  let peakKb: number | null = null;
  let pending = Promise.resolve();
  const sampled = new Set<number>();
  restartMemoryProbe();
  const take = () => {
    pending = pending.then(async () => {
      const children = await childPids(pid);
      for (const p of children.length ? children : [pid]) {
        const kb = await readRssKb(p);
        if (kb !== null) peakKb = Math.max(peakKb ?? 0, kb);
        sampled.add(p);
      }
    });
  };
  take();
  const timer = setInterval(take, RSS_SAMPLE_MS);
  return {
    async stop() {
      clearInterval(timer);
      take();
      await pending;
      await describeMemoryPeak([...sampled]);
      return peakKb === null ? null : peakKb / 1024;
    },
  };
}

/** One autocannon run against the stack's API; stopped early (with partial results) on abort. */
async function fire(stack: Stack, load: HttpLoad, seconds: number, title: string): Promise<Omit<LoadOutcome, 'peakRssMiB'>> {
  let wrongBodies = 0;
  const { verifyBody } = load;
  // onResponse rather than autocannon's verifyBody, which would count a 500 both as non-2xx and as a mismatch.
  const onResponse = (status: number, body: string) => {
    if (verifyBody && status >= 200 && status < 300 && !verifyBody(body)) wrongBodies++;
  };
  const instance = autocannon({
    url: `${stack.baseUrl}${load.path}`,
    method: load.method,
    headers: load.headers,
    body: load.body,
    connections: stack.load.connections,
    duration: seconds,
    timeout: 10,
    title,
    requests: load.bodies ? load.bodies.map((body) => ({ body, onResponse })) : [{ onResponse }],
  });
  const onAbort = () => instance.stop();
  stack.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await instance;
    return { result, wrongBodies };
  } finally {
    stack.signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Warm-up (results discarded: JIT, connection pools, caches), then the measured run with the API's
 * memory sampled throughout. Both last as long as stack.load says, with stack.load.connections.
 */
export async function measureHttp(stack: Stack, load: HttpLoad): Promise<LoadOutcome> {
  const { warmupSeconds, durationSeconds, connections } = stack.load;
  if (warmupSeconds > 0) {
    process.stderr.write(`bench: warm-up ${warmupSeconds} s, ${connections} connections\n`);
    await fire(stack, load, warmupSeconds, 'warm-up');
  }
  if (stack.signal.aborted) throw new Error('interrupted');
  process.stderr.write(`bench: measuring ${durationSeconds} s, ${connections} connections\n`);
  const rss = sampleRss(stack.apiPid);
  const measured = await fire(stack, load, durationSeconds, 'measured');
  const peakRssMiB = await rss.stop();
  return { ...measured, peakRssMiB };
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Failed requests of a run: non-2xx answers, connection errors and timeouts, and wrong 2xx bodies. */
export function errorCount({ result, wrongBodies }: Omit<LoadOutcome, 'peakRssMiB'>): number {
  return result.non2xx + result.errors + wrongBodies;
}

/** The figures every HTTP scenario reports: rps, p50_ms, p99_ms, rss_mb, errors. */
export function httpFigures(outcome: LoadOutcome): Figure[] {
  const { result, peakRssMiB } = outcome;
  const figures: Figure[] = [
    { figure: 'rps', value: round(result.requests.average, 1), unit: 'req/s' },
    { figure: 'p50_ms', value: round(result.latency.p50, 2), unit: 'ms' },
    { figure: 'p99_ms', value: round(result.latency.p99, 2), unit: 'ms' },
  ];
  if (peakRssMiB !== null) figures.push({ figure: 'rss_mb', value: round(peakRssMiB, 1), unit: 'MiB' });
  figures.push({ figure: 'errors', value: errorCount(outcome), unit: 'count' });
  return figures;
}

/** A one-line account of a run's failures, or null when there were none. */
export function describeErrors(outcome: LoadOutcome): string | null {
  const { result, wrongBodies } = outcome;
  if (errorCount(outcome) === 0) return null;
  const codes = Object.entries(result.statusCodeStats)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${count}× HTTP ${code}`);
  const parts = [
    ...codes,
    result.errors ? `${result.errors} connection errors (${result.timeouts} timeouts)` : '',
    wrongBodies ? `${wrongBodies} 2xx responses with a wrong body` : '',
  ].filter(Boolean);
  return `${errorCount(outcome)} failed requests of ${result.requests.sent} sent: ${parts.join(', ')}`;
}

/** CPU time (user + system) a process has used so far, in ms; 0 once it is gone. */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10; // USER_HZ is 100 on Linux
}

async function cpuMsOfTree(pid: number): Promise<number> {
  const children = await childPids(pid);
  const all = await Promise.all([pid, ...children].map(cpuMsOf));
  return all.reduce((a, b) => a + b, 0);
}

/** CPU time every `postgres` process on the machine has used so far, in ms (the server and its backends). */
async function postgresCpuMs(): Promise<number> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((d) => /^\d+$/.test(d));
  const named = await Promise.all(
    pids.map(async (pid) =>
      (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() === 'postgres' ? Number(pid) : 0,
    ),
  );
  const all = await Promise.all(named.filter(Boolean).map(cpuMsOf));
  return all.reduce((a, b) => a + b, 0);
}

/** Busy CPU time of the whole machine so far (every core, everything but idle and iowait), in ms. */
async function machineBusyMs(): Promise<number> {
  const line = (await readFile('/proc/stat', 'utf8').catch(() => '')).split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  if (ticks.length < 5) return 0;
  const busy = ticks.slice(0, 8).reduce((a, b) => a + b, 0) - ticks[3] - ticks[4];
  return busy * 10; // USER_HZ is 100 on Linux
}

export interface CpuUsed {
  apiMs: number;
  workerMs: number;
  /** Every postgres process on the machine (other databases' too: a figure for a quiet machine). */
  postgresMs: number;
  /** This harness: the load generator and its subscribers, which share the machine with the stack. */
  benchMs: number;
  /** The whole machine, all cores. */
  machineMs: number;
}

/**
 * CPU time the API (all its processes), the workers, PostgreSQL, this harness and the whole
 * machine use between start and stop(): divided by the operations done meanwhile, the cost of one
 * operation, which a busy machine changes far less than it changes throughput. The machine's
 * figure says what the box can do at most: 1,000 ms × cores ÷ machine ms per operation.
 */
export function cpuMeter(stack: Stack): { stop(): Promise<CpuUsed> } {
  const workers = stack.workerPids ?? [];
  const read = async () => {
    const bench = process.cpuUsage();
    return {
      api: await cpuMsOfTree(stack.apiPid),
      worker: (await Promise.all(workers.map(cpuMsOf))).reduce((a, b) => a + b, 0),
      postgres: await postgresCpuMs(),
      bench: (bench.user + bench.system) / 1000,
      machine: await machineBusyMs(),
    };
  };
  const started = read();
  return {
    async stop() {
      const [a, b] = [await started, await read()];
      return {
        apiMs: b.api - a.api,
        workerMs: b.worker - a.worker,
        postgresMs: b.postgres - a.postgres,
        benchMs: b.bench - a.bench,
        machineMs: b.machine - a.machine,
      };
    },
  };
}

/**
 * `api_cpu_ms_per_<op>` (and the worker's, when there is one), then `postgres_`, `bench_` and
 * `machine_cpu_ms_per_<op>` for `ops` operations.
 */
export function cpuFigures(
  stack: Stack,
  used: Partial<CpuUsed> & { apiMs: number; workerMs: number },
  ops: number,
  op: string,
): Figure[] {
  if (ops <= 0) return [];
  const per = (ms: number) => round(ms / ops, 2);
  const figures: Figure[] = [{ figure: `api_cpu_ms_per_${op}`, value: per(used.apiMs), unit: 'ms' }];
  if (stack.workerPids?.length) figures.push({ figure: `worker_cpu_ms_per_${op}`, value: per(used.workerMs), unit: 'ms' });
  if (used.postgresMs !== undefined)
    figures.push({ figure: `postgres_cpu_ms_per_${op}`, value: per(used.postgresMs), unit: 'ms' });
  if (used.benchMs !== undefined) figures.push({ figure: `bench_cpu_ms_per_${op}`, value: per(used.benchMs), unit: 'ms' });
  if (used.machineMs !== undefined) figures.push({ figure: `machine_cpu_ms_per_${op}`, value: per(used.machineMs), unit: 'ms' });
  return figures;
}
