import { MikroOrmModule } from '@mikro-orm/nestjs';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { databaseConfig, type DatabaseConfig } from '../config/namespaces';
import { ormOptions } from './orm-options';
import { ReadReplica } from './read-replica';
import { RequestEntityManagerMiddleware } from './request-entity-manager';
import { Sql } from './sql';

/** MikroORM's root module is global already: EntityManager and MikroORM inject anywhere; so do ReadReplica and Sql. */
@Global()
@Module({
  imports: [
    MikroOrmModule.forRootAsync({
      driver: PostgreSqlDriver,
      inject: [databaseConfig.KEY],
      useFactory: (database: DatabaseConfig) => ({
        ...ormOptions({ database }),
        // Each domain module registers its own entities with forFeature.
        autoLoadEntities: true,
        // A forked EntityManager per HTTP request is ours (below), forked on first use; workers fork
        // explicitly per job.
        registerRequestContext: false,
      }),
    }),
  ],
  providers: [ReadReplica, Sql],
  exports: [ReadReplica, Sql],
})
export class DatabaseModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestEntityManagerMiddleware).forRoutes({ path: '{*all}', method: RequestMethod.ALL });
  }
}
