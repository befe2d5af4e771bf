import { Global, Module } from '@nestjs/common';
import { RateLimiter } from './rate-limiter';
import { RedisConnections } from './redis-connections';

export { RedisConnections } from './redis-connections';

@Global()
@Module({ providers: [RedisConnections, RateLimiter], exports: [RedisConnections, RateLimiter] })
export class RedisModule {}
