import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  AllErrorsFilter,
  DatabaseModule,
  HealthModule,
  KedaiConfigModule,
  KedaiGraphqlModule,
  LoggingModule,
  OutboxModule,
  RedisModule,
} from '@kedai/core';
import { BusinessApiModule } from '@kedai/business';

/** The GraphQL and REST edge. Domain modules bring their own resolvers through their *ApiModule. */
@Module({
  imports: [
    KedaiConfigModule,
    LoggingModule,
    DatabaseModule,
    RedisModule,
    OutboxModule,
    HealthModule,
    KedaiGraphqlModule,
    BusinessApiModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: AllErrorsFilter }],
})
export class ApiModule {}
