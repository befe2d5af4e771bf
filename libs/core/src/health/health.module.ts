import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Get, HttpStatus, Injectable, Module, Res, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public, THROTTLER_NAMES } from '../auth/public.decorator';
import { RedisConnections } from '../redis/redis-connections';
import { withTimeout } from '../util/timeout';

const CHECK_TIMEOUT_MS = 2_000;

@Injectable()
export class DependencyHealth {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly orm: MikroORM,
    private readonly redis: RedisConnections,
  ) {}

  async checkPostgres() {
    const check = this.health.check('postgres');
    try {
      await withTimeout(this.orm.em.getConnection().execute('select 1'), CHECK_TIMEOUT_MS, 'PostgreSQL');
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }

  async checkRedis() {
    const check = this.health.check('redis');
    try {
      await withTimeout(this.redis.client.ping(), CHECK_TIMEOUT_MS, 'Redis');
      return check.up();
    } catch (e) {
      return check.down({ message: (e as Error).message });
    }
  }
}

/** Liveness says the process runs; readiness says it can serve (PostgreSQL and Redis answer). */
@Public()
// Skips the API's named throttlers by name: a bare @SkipThrottle() only skips one named "default". Probes must neither be rate-limited nor need Redis to answer.
@SkipThrottle({ [THROTTLER_NAMES.ip]: true, [THROTTLER_NAMES.account]: true })
@Controller('health')
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly deps: DependencyHealth,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: Response) {
    try {
      return await this.checks.check([() => this.deps.checkPostgres(), () => this.deps.checkRedis()]);
    } catch (e) {
      // Terminus says "not ready" by throwing a 503 carrying the per-dependency result; the global
      // filter would turn that 5xx into a bare 500, so the result goes out here, as a 503.
      if (!(e instanceof ServiceUnavailableException)) throw e;
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return e.getResponse();
    }
  }
}

@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [DependencyHealth],
})
export class HealthModule {}
