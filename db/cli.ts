import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, databaseConfig, validateAllConfig } from '@kedai/core';
import { createDatabase, databaseName } from './database-admin';
import { cliOrmOptions } from './mikro-orm.config';
import { DemoSeeder } from './seeds/demo.seeder';

const USAGE = 'usage: node dist/db/cli.js <create|migrate|seed|setup|status>';

async function withOrm(fn: (orm: MikroORM) => Promise<void>): Promise<void> {
  const orm = await MikroORM.init(cliOrmOptions());
  try {
    await fn(orm);
  } finally {
    await orm.close();
  }
}

async function create(): Promise<void> {
  const url = databaseConfig().url;
  const made = await createDatabase(url);
  console.log(made ? `created database ${databaseName(url)}` : `database ${databaseName(url)} exists`);
}

async function migrate(): Promise<void> {
  await withOrm(async (orm) => {
    const done = await orm.migrator.up();
    console.log(done.length ? `applied ${done.map((m) => m.name).join(', ')}` : 'migrations: up to date');
  });
}

async function seed(): Promise<void> {
  await withOrm(async (orm) => {
    await orm.seeder.seed(DemoSeeder);
    console.log('seeded the demo business kedai.demo (6 products, WELCOME10), its owner +60123000001 and a shopper +60123000002');
  });
}

async function status(): Promise<void> {
  await withOrm(async (orm) => {
    const pending = await orm.migrator.getPending();
    console.log(pending.length ? `pending: ${pending.map((m) => m.name).join(', ')}` : 'migrations: up to date');
  });
}

const commands: Record<string, () => Promise<void>> = {
  create,
  migrate,
  seed,
  status,
  setup: async () => {
    await create();
    await migrate();
    await seed();
  },
};

async function main(): Promise<void> {
  const command = commands[process.argv[2] ?? ''];
  if (!command) throw new ConfigError([USAGE]);
  validateAllConfig();
  await command();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e))}\n`);
  process.exit(1);
});
