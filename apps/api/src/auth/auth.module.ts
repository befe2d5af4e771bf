import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import {
  authConfig,
  contextOf,
  LocalLimits,
  redisConfig,
  RedisConnections,
  RedisThrottlerStorage,
  requestOf,
  SOCKET_AUTHENTICATOR,
  THROTTLER_NAMES,
  type AuthConfig,
  type RedisConfig,
} from '@kedai/core';
import { IdentityModule } from '@kedai/identity';
import { AccessGuard } from './access.guard';
import { Credentials, CredentialsSocketAuthenticator } from './credentials';
import { accountTracker, GqlThrottlerGuard } from './throttle.guard';

const MINUTE_MS = 60_000;

/** Authentication and rate limits for the API edge. Guards run in this order: who, then how often. */
@Module({
  imports: [
    IdentityModule,
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY, RedisConnections, redisConfig.KEY, LocalLimits],
      useFactory: (auth: AuthConfig, redis: RedisConnections, redisCfg: RedisConfig, local: LocalLimits) => ({
        storage: new RedisThrottlerStorage(redis, redisCfg, local),
        throttlers: [
          {
            name: THROTTLER_NAMES.ip,
            ttl: MINUTE_MS,
            limit: auth.rateLimitPerIp,
            getTracker: (req: Record<string, unknown>) => String(req.ip),
          },
          {
            name: THROTTLER_NAMES.account,
            ttl: MINUTE_MS,
            limit: auth.rateLimitPerAccount,
            getTracker: accountTracker,
            skipIf: (ctx) => contextOf(requestOf(ctx) as Request).actor.kind === 'anonymous',
          },
        ],
      }),
    }),
  ],
  providers: [
    Credentials,
    { provide: SOCKET_AUTHENTICATOR, useClass: CredentialsSocketAuthenticator },
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_GUARD, useClass: GqlThrottlerGuard },
  ],
  exports: [SOCKET_AUTHENTICATOR],
})
export class ApiAuthModule {}
