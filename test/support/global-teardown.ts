import './paths';
import { Client } from 'pg';
import { maintenanceUrl } from '@kedai/core/preflight';
import { ADMIN_URL, runPrefix } from './test-db';

/** Drops the template and any database a crashed test file left behind. */
export default async function globalTeardown(): Promise<void> {
  const pg = new Client({ connectionString: maintenanceUrl(ADMIN_URL) });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ datname: string }>('select datname from pg_database where datname like $1', [
      `${runPrefix()}%`,
    ]);
    for (const { datname } of rows) await pg.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await pg.end();
  }
}
