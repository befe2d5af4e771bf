import { randomBytes } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { createDatabase, dropDatabase } from '../../db/database-admin';
import { cliOrmOptions } from '../../db/mikro-orm.config';

export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function urlFor(database: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Per jest run, so two runs on one machine (a developer's and CI's) never share databases. */
export function runPrefix(): string {
  const run = process.env.KEDAI_TEST_RUN;
  if (!run) throw new Error('KEDAI_TEST_RUN is not set: run the e2e tests through jest (npm test), whose global setup sets it');
  return `kedai_t_${run}`;
}

export const templateName = () => `${runPrefix()}_template`;

/** Creates the run's template database and migrates it once; every test file clones it. */
export async function createTemplate(): Promise<void> {
  const url = urlFor(templateName());
  await dropDatabase(url);
  await createDatabase(url);
  const orm = await MikroORM.init(cliOrmOptions(url));
  try {
    await orm.migrator.up();
  } finally {
    await orm.close();
  }
}

/** A fresh, migrated database for one test file: a copy of the template (fast, file-level copy). */
export async function cloneTemplate(): Promise<string> {
  const url = urlFor(`${runPrefix()}_${randomBytes(4).toString('hex')}`);
  await createDatabase(url, templateName());
  return url;
}

export { dropDatabase };
