import { timingSafeEqual, createHash } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, registerAs } from '@nestjs/config';
import { Queue } from 'bullmq';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { definedJobs, readEnv, redisConfig, RedisConnections, RedisModule, type RedisConfig } from '@kedai/core';

class AdminEnv {
  /** Opens the queue dashboard at /admin/queues (HTTP Basic, any user name, this as password); unset: no dashboard. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'ADMIN_TOKEN must be at least 32 characters' })
  ADMIN_TOKEN?: string;
}

export const adminConfig = registerAs('admin', () => ({ token: readEnv(AdminEnv).ADMIN_TOKEN ?? null }));
type AdminConfig = ReturnType<typeof adminConfig>;

export const DASHBOARD_PATH = '/admin/queues';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bull Board over every queue the platform declares jobs on, for operators and merchants' support:
 * waiting, active, failed (the dead letters, with their errors) and retry. Behind its own admin
 * credential, since it shows every business's jobs; without ADMIN_TOKEN it is not mounted at all.
 */
@Injectable()
export class QueueDashboard implements OnApplicationShutdown {
  private readonly queues: Queue[] = [];

  constructor(
    @Inject(adminConfig.KEY) private readonly config: AdminConfig,
    @Inject(redisConfig.KEY) private readonly redisCfg: RedisConfig,
    private readonly redis: RedisConnections,
  ) {}

  /** The auth and the dashboard, to mount at DASHBOARD_PATH; null when it is off. */
  handlers(): RequestHandler[] | null {
    const token = this.config.token;
    if (!token) return null;
    const connection = this.redis.open('queue-dashboard');
    for (const name of [...new Set(definedJobs().map((j) => j.queue))].sort())
      this.queues.push(new Queue(name, { connection, prefix: this.redisCfg.queuePrefix }));
    const server = new ExpressAdapter();
    server.setBasePath(DASHBOARD_PATH);
    createBullBoard({ queues: this.queues.map((q) => new BullMQAdapter(q)), serverAdapter: server });
    return [basicAuth(token), server.getRouter() as RequestHandler];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close()));
  }
}

/** HTTP Basic with the admin token as the password (any user name), compared in constant time. */
function basicAuth(token: string): RequestHandler {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const [scheme, encoded] = (req.header('authorization') ?? '').split(' ');
    const password =
      scheme?.toLowerCase() === 'basic' && encoded
        ? Buffer.from(encoded, 'base64').toString('utf8').split(':').slice(1).join(':')
        : '';
    if (password && timingSafeEqual(digest(password), expected)) return next();
    res
      .set('WWW-Authenticate', 'Basic realm="Kedai queues"')
      .status(401)
      .json({ code: 'UNAUTHENTICATED', message: 'Admin credentials required' });
  };
}

@Module({
  imports: [ConfigModule.forFeature(adminConfig), RedisModule],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
