import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { RedisConfig } from '@kedai/core';
import { assertNoEviction, assertNoEvictionEverywhere } from './redis-policy';

/** A port nothing listens on right now (the kernel picks it; we release it for redis-server). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A throwaway redis-server on loopback, with the given eviction policy and no persistence. */
async function startRedis(policy: string, extra: string[] = []): Promise<{ process: ChildProcess; client: Redis; port: number }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--maxmemory-policy', policy, ...extra],
    { stdio: 'ignore' },
  );
  await listening(port, child);
  const client = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  await client.ping();
  return { process: child, client, port };
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

describe('assertNoEvictionEverywhere on a Redis Cluster (three real masters)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kedai-policy-cluster-'));
  let nodes: { process: ChildProcess; client: Redis; port: number }[] = [];
  const config = () =>
    ({ url: 'redis://127.0.0.1:6379', clusterNodes: [{ host: '127.0.0.1', port: nodes[0].port }] }) as unknown as RedisConfig;

  beforeAll(async () => {
    nodes = await Promise.all(
      [0, 1, 2].map((i) =>
        startRedis('noeviction', [
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${process.pid}-${i}.conf`,
          '--dir',
          dir,
        ]),
      ),
    );
    const created = spawnSync(
      'redis-cli',
      ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'],
      { encoding: 'utf8' },
    );
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    const deadline = Date.now() + 20_000;
    while (!(await Promise.all(nodes.map((n) => n.client.cluster('INFO')))).every((i) => /cluster_state:ok/.test(String(i)))) {
      if (Date.now() > deadline) throw new Error('the cluster did not become ok');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);
  afterAll(async () => {
    await Promise.all(nodes.map(stop));
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a cluster whose every node is noeviction, found from one seed node', async () => {
    await expect(assertNoEvictionEverywhere(config())).resolves.toBeUndefined();
  });

  it('refuses a cluster with one evicting node, naming that node, though the seed node is fine', async () => {
    const bad = nodes[2];
    await bad.client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const refusal = assertNoEvictionEverywhere(config());
      await expect(refusal).rejects.toThrow(`Redis Cluster node 127.0.0.1:${bad.port} maxmemory-policy is "allkeys-lru"`);
      const message = await assertNoEvictionEverywhere(config()).catch((e: Error) => e.message);
      expect(message?.split('\n')).toHaveLength(1);
    } finally {
      await bad.client.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });
});
