import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freeTcpPort } from './ports';

const started = new Set<LocalRedis>();
// A drill that dies without its cleanup must not leave servers behind.
process.once('exit', () => {
  for (const redis of started) redis.killNow();
});

/**
 * A redis-server of its own on 127.0.0.1 (free port, temporary directory, no persistence, never
 * evicting, as the app's Redis must be), for drills that restart, flush or freeze it.
 * `destroy()` kills it and removes the directory.
 */
export class LocalRedis {
  private server?: ChildProcess;
  private readonly dir = mkdtempSync(join(tmpdir(), 'kedai-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<LocalRedis> {
    const redis = new LocalRedis(await freeTcpPort());
    started.add(redis);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.server?.pid;
  }

  async start(): Promise<void> {
    const server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--save', '', '--appendonly', 'no',
       '--maxmemory-policy', 'noeviction'], // prettier-ignore
      { stdio: 'ignore' },
    );
    this.server = server;
    const deadline = Date.now() + 10_000;
    while (!(await this.answers())) {
      if (server.exitCode !== null) throw new Error(`redis-server on ${this.port} exited (${server.exitCode})`);
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not answer in 10 s`);
      await sleep(50);
    }
  }

  /** Empties every database, then stops the server without saving: what a lost Redis comes back as. */
  async flushAndStop(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
    await this.kill('SIGKILL');
  }

  /** SIGSTOP: the server keeps its connections but answers nothing, as a frozen VM or a long fork would. */
  pause(): void {
    this.server?.kill('SIGSTOP');
  }

  resume(): void {
    this.server?.kill('SIGCONT');
  }

  async destroy(): Promise<void> {
    this.resume();
    await this.kill('SIGKILL');
    this.killNow();
  }

  /** Synchronous last resort (process exit): kill the server, remove the directory. */
  killNow(): void {
    started.delete(this);
    this.server?.kill('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async kill(signal: NodeJS.Signals): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill(signal);
    await exited;
  }

  private async answers(): Promise<boolean> {
    const client = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
