import { databaseConfig } from '@kedai/core/config/namespaces';
import { ormOptions } from '@kedai/core/database/orm-options';
import { ALL_ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { DemoSeeder } from './seeds/demo.seeder';

/** The ORM configuration of the db CLI (and of `mikro-orm` run against dist/db/mikro-orm.config.js). */
export function cliOrmOptions(url = databaseConfig().url) {
  return ormOptions({
    database: { ...databaseConfig(), url },
    entities: ALL_ENTITIES,
    migrations: MIGRATIONS,
    seeders: [DemoSeeder],
  });
}

export default cliOrmOptions();
