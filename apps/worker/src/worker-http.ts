import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  appConfig,
  metricsConfig,
  metricsHandler,
  Metrics,
  RedisConnections,
  withTimeout,
  type AppConfig,
  type MetricsConfig,
} from '@kedai/core';

const CHECK_TIMEOUT_MS = 2_000;

/**
 * The worker's only HTTP: `GET /metrics` for Prometheus and the probes `GET /health/live` and
 * `GET /health/ready` (PostgreSQL and Redis answer) for an orchestrator, on METRICS_PORT.
 */
@Injectable()
export class WorkerHttp implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHttp.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly orm: MikroORM,
    private readonly redis: RedisConnections,
    @Inject(metricsConfig.KEY) private readonly config: MetricsConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
  ) {}

  /** The bound port (METRICS_PORT, or the one picked for 0). */
  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    const scrape = metricsHandler(this.metrics, this.config.token);
    this.server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      if (req.method !== 'GET') return send(405, 'text/plain', 'method not allowed\n');
      if (path === '/health/live') return send(200, 'application/json', JSON.stringify({ status: 'ok' }));
      if (path === '/health/ready') {
        void this.ready().then((problems) =>
          send(
            problems.length ? 503 : 200,
            'application/json',
            JSON.stringify({ status: problems.length ? 'error' : 'ok', problems }),
          ),
        );
        return;
      }
      if (path === '/metrics') return scrape(req, res);
      send(404, 'text/plain', 'not found\n');
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.config.port, this.app.host, () => resolve());
    });
    this.logger.log(`Worker metrics and health on http://${this.app.host}:${this.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async ready(): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all([
      withTimeout(this.orm.em.getConnection().execute('select 1'), CHECK_TIMEOUT_MS, 'PostgreSQL').catch((e: Error) =>
        problems.push(`postgres: ${e.message}`),
      ),
      withTimeout(this.redis.client.ping(), CHECK_TIMEOUT_MS, 'Redis').catch((e: Error) => problems.push(`redis: ${e.message}`)),
    ]);
    return problems;
  }
}
