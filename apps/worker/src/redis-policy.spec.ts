import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { assertNoEviction } from './redis-policy';

/** A port nothing listens on right now (the kernel picks it; we release it for redis-server). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throwaway redis-server on loopback, with the given eviction policy and no persistence. */
async function startRedis(policy: string): Promise<{ process: ChildProcess; client: Redis }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', policy],
    { stdio: 'ignore' },
  );
  await listening(port, child);
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.ping();
  return { process: child, client };
}

/**
 * Waits until something accepts connections on `port`, with plain sockets: an ioredis client
 * whose connection is refused leaves timers behind that keep the Jest worker from exiting.
 */
async function listening(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (accepted) return;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(server?: { process: ChildProcess; client: Redis }): Promise<void> {
  if (!server) return;
  server.client.disconnect();
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await exited;
}

describe('assertNoEviction (against a real redis-server)', () => {
  let evicting: { process: ChildProcess; client: Redis } | undefined;
  let safe: { process: ChildProcess; client: Redis } | undefined;

  beforeAll(async () => {
    [evicting, safe] = await Promise.all([startRedis('allkeys-lru'), startRedis('noeviction')]);
  });
  afterAll(async () => {
    await Promise.all([stop(evicting), stop(safe)]);
  });

  it('refuses a Redis that may evict keys, naming its policy and the one needed', async () => {
    const refusal = assertNoEviction(evicting!.client);
    await expect(refusal).rejects.toThrow('Redis maxmemory-policy is "allkeys-lru"');
    await expect(assertNoEviction(evicting!.client)).rejects.toThrow(/needs "noeviction"/);
  });

  it('accepts a Redis with maxmemory-policy noeviction', async () => {
    await expect(assertNoEviction(safe!.client)).resolves.toBeUndefined();
  });

  it('notices a policy changed at run time (it reads INFO, not the start-up flags)', async () => {
    await safe!.client.config('SET', 'maxmemory-policy', 'volatile-ttl');
    try {
      await expect(assertNoEviction(safe!.client)).rejects.toThrow('"volatile-ttl"');
    } finally {
      await safe!.client.config('SET', 'maxmemory-policy', 'noeviction');
    }
    await expect(assertNoEviction(safe!.client)).resolves.toBeUndefined();
  });
});
