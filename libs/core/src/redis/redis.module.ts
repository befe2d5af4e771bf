import { Global, Module } from '@nestjs/common';
import { LocalLimits } from './local-limits';
import { RateLimiter } from './rate-limiter';
import { RedisConnections } from './redis-connections';

export { RedisConnections } from './redis-connections';
export { LocalLimits } from './local-limits';

@Global()
@Module({ providers: [RedisConnections, LocalLimits, RateLimiter], exports: [RedisConnections, LocalLimits, RateLimiter] })
export class RedisModule {}
