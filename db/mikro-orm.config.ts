import { databaseConfig } from '@kedai/core/config/namespaces';
import { ormOptions } from '@kedai/core/database/orm-options';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { DemoSeeder } from './seeds/demo.seeder';

/** The ORM configuration of the db CLI (and of `mikro-orm` run against dist/db/mikro-orm.config.js). */
export function cliOrmOptions(url = databaseConfig().url) {
  return ormOptions({
    // Migrations and seeds write: the replica, if any, is not theirs.
    database: { ...databaseConfig(), url, readUrl: null },
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    seeders: [DemoSeeder],
  });
}

export default cliOrmOptions();
