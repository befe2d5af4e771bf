import { DataloaderType, type Options } from '@mikro-orm/core';
import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SeedManager } from '@mikro-orm/seeder';
import type { DatabaseConfig } from '../config/namespaces';

export interface OrmOptionsInput {
  database: DatabaseConfig;
  /** Entities to register; the Nest apps leave this empty and let each module's forFeature add its own. */
  entities?: Options['entities'];
  migrations?: NonNullable<Options['migrations']>['migrationsList'];
  seeders?: NonNullable<Options['seeder']>['seedersList'];
}

/**
 * The one place MikroORM is configured, shared by the apps, the db CLI and the test harness so
 * that all three see the same schema, naming and type handling.
 */
export function ormOptions(input: OrmOptionsInput): Partial<Options<PostgreSqlDriver>> {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: input.database.url,
    entities: input.entities ?? [],
    metadataProvider: ReflectMetadataProvider,
    discovery: { warnWhenNoEntities: false },
    pool: { min: 0, max: input.database.poolMax },
    // Only reads that ask for it go to the replica (ReadReplica decides which may): MikroORM's
    // default would send every read outside a transaction there, carts and orders included.
    ...(input.database.readUrl && {
      replicas: [{ name: 'replica', clientUrl: input.database.readUrl }],
      preferReadReplicas: false,
    }),
    // Batches references and collections per tick, so a page of N rows costs a fixed number of queries.
    dataloader: DataloaderType.ALL,
    forceUtcTimezone: true,
    // The schema of record is db/migrations; never let the ORM create or alter a database on its own.
    ensureDatabase: false,
    debug: input.database.debug,
    extensions: [Migrator, SeedManager],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: input.migrations ?? [],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    seeder: { seedersList: input.seeders ?? [] },
  });
}
