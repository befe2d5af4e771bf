import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freeTcpPort as freePort } from '../../bench/infra/ports';

const ROOT = join(__dirname, '..', '..');
const ENTRY = {
  api: 'apps/api/src/main.ts',
  worker: 'apps/worker/src/main.ts',
  // The worker with the outbox tests' probe job handler (test/support/child-worker.ts).
  'probe-worker': 'test/support/child-worker.ts',
} as const;
type Kind = keyof typeof ENTRY;

export { freePort };

/**
 * The real API or worker as a process of its own, started from the sources (ts-node, transpile
 * only) with this test file's environment (TestEnv.create() has put its database and Redis prefix
 * in process.env). Unlike an in-process app it can be killed with SIGKILL mid-request, as a
 * crashed container would be: no shutdown hooks, no finally blocks, connections cut.
 */
export class ChildApp {
  readonly output: string[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly kind: Kind,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts the app and resolves once it serves (the API answers /health/live; the worker logs that it runs). */
  static async start(kind: Kind, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<ChildApp> {
    const port = kind === 'api' ? await freePort() : 0;
    const child = spawn(process.execPath, ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register', ENTRY[kind]], {
      cwd: ROOT,
      env: {
        ...process.env,
        // jest's own flags are not for the app.
        NODE_OPTIONS: '',
        TS_NODE_TRANSPILE_ONLY: 'true',
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        ...(kind === 'api' ? { PORT: String(port), HOST: '127.0.0.1', PSP_SIM_WEBHOOK_URL: '' } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const app = new ChildApp(kind, port, child);
    const deadline = Date.now() + timeoutMs;
    while (!(await app.ready())) {
      if (child.exitCode !== null) throw new Error(`${kind} exited at start:\n${app.output.slice(-20).join('\n')}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${kind} did not start in ${timeoutMs} ms:\n${app.output.slice(-20).join('\n')}`);
      }
      await sleep(200);
    }
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private async ready(): Promise<boolean> {
    if (this.kind !== 'api') return this.output.some((l) => l.includes('Worker running'));
    try {
      return (await fetch(`${this.url}/health/live`)).ok;
    } catch {
      return false;
    }
  }

  /** SIGKILL: the process stops between any two instructions, as in a crash. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM), falling back to SIGKILL. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!done) await this.kill();
  }
}
