import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freeTcpPort } from './ports';

const run = promisify(execFile);

/** The newest installed PostgreSQL's programs (initdb, pg_ctl, pg_basebackup): PG_BIN, else Debian's layout. */
export function postgresBin(): string | null {
  if (process.env.PG_BIN) return existsSync(join(process.env.PG_BIN, 'initdb')) ? process.env.PG_BIN : null;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)) : [];
  const newest = versions.sort((a, b) => Number(b) - Number(a)).find((v) => existsSync(join(root, v, 'bin', 'initdb')));
  return newest ? join(root, newest, 'bin') : null;
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function owner(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

const started = new Set<LocalPostgres>();
// A test or drill that dies without its cleanup must not leave servers behind.
process.once('exit', () => {
  for (const pg of started) pg.killNow();
});

/**
 * A PostgreSQL server of its own (initdb in a temporary directory, 127.0.0.1 on a free port), for
 * tests and fault drills that stop, restart or replicate a server: never the machine's own.
 * `destroy()` stops it and removes its directory; always call it.
 */
export class LocalPostgres {
  private constructor(
    private readonly bin: string,
    readonly dir: string,
    readonly port: number,
  ) {}

  /** A new primary: initdb (trust on 127.0.0.1, replication allowed, as initdb sets it up), started. */
  static async primary(): Promise<LocalPostgres> {
    const pg = await LocalPostgres.prepare();
    await pg.as('initdb', ['-D', pg.data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    await pg.start();
    return pg;
  }

  /** A hot standby streaming from this server (pg_basebackup -R), started and accepting reads. */
  async streamingReplica(): Promise<LocalPostgres> {
    const replica = await LocalPostgres.prepare(this.bin);
    await replica.as('pg_basebackup', [
      '-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres',
      '-D', replica.data, '-R', '-X', 'stream', '-c', 'fast', '--no-sync',
    ]); // prettier-ignore
    await replica.start();
    return replica;
  }

  private static async prepare(bin = postgresBin()): Promise<LocalPostgres> {
    if (!bin) throw new Error('no PostgreSQL programs found (set PG_BIN to the directory holding initdb)');
    const dir = mkdtempSync(join(tmpdir(), 'kedai-pg-'));
    const o = owner();
    if (o) chownSync(dir, o.uid, o.gid);
    const pg = new LocalPostgres(bin, dir, await freeTcpPort());
    started.add(pg);
    return pg;
  }

  private get data(): string {
    return join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    await this.as('pg_ctl', ['-D', this.data, '-l', join(this.dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
  }

  /** `fast`: clients are cut off and it shuts down cleanly; `immediate`: as a crash (recovery at the next start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.as('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = [], database = 'postgres'): Promise<T[]> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Stops the server (if running) and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    this.killNow();
  }

  /** Synchronous last resort (process exit): stop the server, remove the directory. */
  killNow(): void {
    started.delete(this);
    if (existsSync(join(this.data, 'postmaster.pid'))) {
      try {
        execFileSync(...this.command('pg_ctl', ['-D', this.data, '-m', 'immediate', '-w', 'stop']), { stdio: 'ignore' });
      } catch {
        // already stopped
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private command(program: string, args: string[]): [string, string[]] {
    const path = join(this.bin, program);
    return owner() ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  private async as(program: string, args: string[]): Promise<void> {
    const [file, argv] = this.command(program, args);
    try {
      await run(file, argv, { cwd: this.dir, timeout: 120_000 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${program} failed: ${err.stderr || err.message}`, { cause: e });
    }
  }
}
