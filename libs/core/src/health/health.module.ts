import { MikroORM } from '@mikro-orm/postgresql';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { Public } from '../auth/public.decorator';
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
@SkipThrottle()
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
  ready() {
    return this.checks.check([() => this.deps.checkPostgres(), () => this.deps.checkRedis()]);
  }
}

@Module({
  imports: [TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' })],
  controllers: [HealthController],
  providers: [DependencyHealth],
})
export class HealthModule {}
