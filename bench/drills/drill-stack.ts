import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase } from '../../db/database-admin';
import { LocalPostgres } from '../infra/local-postgres';
import { LocalRedis } from '../infra/local-redis';
import { freeTcpPort } from '../infra/ports';

/** dist/ (this file runs as dist/bench/drills/drill-stack.js) and the repository root above it. */
const DIST = join(__dirname, '..', '..');
const ROOT = join(DIST, '..');
export const API_PROCESSES = 2;
export const WORKER_PROCESSES = 2;

export function log(message: string): void {
  process.stderr.write(`drill: ${message}\n`);
}

/** Runs a Node script of dist/ to its end, its output on stderr. */
async function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, [join(DIST, script), ...args], {
    cwd: ROOT,
    env,
    // stdout carries only the drill's figures.
    stdio: ['ignore', 2, 2],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} ${args.join(' ')} exited with ${code}`);
}

/**
 * Everything a drill breaks is its own: a PostgreSQL (initdb in a temporary directory) and a
 * redis-server on free ports of 127.0.0.1, and `npm start`'s supervisor (scripts/processes.ts)
 * running 2 API processes on one port and 2 workers, restarting whichever dies, as a
 * deployment would. `stop()` ends all of it and removes the directories.
 */
export class DrillStack {
  private supervisor?: ChildProcess;

  private constructor(
    readonly postgres: LocalPostgres,
    readonly redis: LocalRedis,
    readonly port: number,
    readonly metricsPort: number,
    readonly jwtSecret: string,
  ) {}

  static async start(): Promise<DrillStack> {
    log('starting a PostgreSQL and a Redis of the drill’s own');
    const postgres = await LocalPostgres.primary();
    const redis = await LocalRedis.start().catch(async (e: Error) => {
      await postgres.destroy();
      throw e;
    });
    const stack = new DrillStack(postgres, redis, await freeTcpPort(), await freeTcpPort(), randomBytes(32).toString('hex'));
    try {
      await createDatabase(stack.databaseUrl);
      await runScript('db/cli.js', ['migrate'], stack.env());
      await stack.startProcesses();
      return stack;
    } catch (e) {
      await stack.stop();
      throw e;
    }
  }

  get databaseUrl(): string {
    return this.postgres.url('kedai');
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.DRILL_LOG_LEVEL || 'error',
      HOST: '127.0.0.1',
      PORT: String(this.port),
      METRICS_PORT: String(this.metricsPort),
      DATABASE_URL: this.databaseUrl,
      DATABASE_LISTEN_URL: '',
      DATABASE_READ_URL: '',
      REDIS_URL: this.redis.url,
      REDIS_CLUSTER_NODES: '',
      API_PROCESSES: String(API_PROCESSES),
      WORKER_PROCESSES: String(WORKER_PROCESSES),
      JWT_SECRET: this.jwtSecret,
      OTP_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_PER_IP: '100000000',
      RATE_LIMIT_PER_ACCOUNT: '100000000',
      PSP_SIM_WEBHOOKS: 'false',
      WEB_APP: 'false',
      // If the drill itself dies, the supervisor stops its processes too.
      KEDAI_STOP_WITH_PIDS: String(process.pid),
    };
  }

  private async startProcesses(): Promise<void> {
    const child = spawn(process.execPath, [join(DIST, 'scripts/processes.js')], {
      cwd: ROOT,
      env: this.env(),
      // The supervisor's lines (a process exited, started again) and the apps' errors, on stderr.
      stdio: ['ignore', 2, 2],
    });
    this.supervisor = child;
    const deadline = Date.now() + 240_000;
    const urls = [
      this.baseUrl,
      ...Array.from({ length: WORKER_PROCESSES }, (_, i) => `http://127.0.0.1:${this.metricsPort + i + 1}`),
    ];
    for (const url of urls) {
      while (!(await ready(url))) {
        if (child.exitCode !== null) throw new Error(`the supervisor exited (${child.exitCode})`);
        if (Date.now() > deadline) throw new Error(`${url}/health/ready did not answer 200 within 240 s`);
        await sleep(250);
      }
    }
    log(`2 API processes on ${this.baseUrl}, 2 workers, supervisor pid ${child.pid}`);
  }

  /** The supervisor's children by role, as /proc shows them (KEDAI_PROCESS=api-1, worker-2, …). */
  processes(role: 'api' | 'worker'): number[] {
    const parent = this.supervisor?.pid;
    const found: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
        if (Number(ppid) !== parent) continue;
        const name = readFileSync(`/proc/${entry}/environ`, 'utf8')
          .split('\0')
          .find((v) => v.startsWith('KEDAI_PROCESS='));
        if (name?.startsWith(`KEDAI_PROCESS=${role}-`)) found.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
    return found;
  }

  /** Whether every process answers /health/ready (the API on its port, the workers on theirs). */
  async allReady(): Promise<boolean> {
    const urls = [
      this.baseUrl,
      ...Array.from({ length: WORKER_PROCESSES }, (_, i) => `http://127.0.0.1:${this.metricsPort + i + 1}`),
    ];
    return (await Promise.all(urls.map(ready))).every(Boolean);
  }

  async stop(): Promise<void> {
    const child = this.supervisor;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await this.redis.destroy();
    await this.postgres.destroy();
  }
}

async function ready(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}
