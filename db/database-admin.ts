import { Client } from 'pg';
import { maintenanceUrl } from '@kedai/core/preflight';

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name))
    throw new Error(`DATABASE_URL names an unusual database "${name}"; use letters, digits, _ and -`);
  return name;
}

async function withAdmin<T>(url: string, fn: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: maintenanceUrl(url) });
  await pg.connect();
  try {
    return await fn(pg);
  } finally {
    await pg.end();
  }
}

/** Creates the database if it is missing; returns whether it did. Optionally copies a template. */
export async function createDatabase(url: string, template?: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdmin(url, async (pg) => {
    const { rowCount } = await pg.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    try {
      await pg.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
    } catch (e) {
      // Two processes racing to create the same database: the other one won, which is fine.
      if ((e as { code?: string }).code !== '42P04') throw e;
      return false;
    }
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdmin(url, (pg) => pg.query(`drop database if exists "${name}" with (force)`));
}
