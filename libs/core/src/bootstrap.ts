import { ConfigError } from './config/env';
import { databaseConfig, redisConfig, validateAllConfig } from './config/namespaces';
import { checkServices } from './preflight';

/**
 * Runs a process's main: configuration first (one clear line per bad variable), then PostgreSQL
 * and Redis (what to start and how), then the app. Any failure exits non-zero without a stack
 * trace for the operator to read through.
 */
export async function runMain(name: string, start: () => Promise<void>): Promise<void> {
  try {
    validateAllConfig();
    const problems = await checkServices(databaseConfig().url, redisConfig().url);
    if (problems.length > 0) throw new ConfigError(problems);
    await start();
  } catch (e) {
    const message = e instanceof ConfigError ? e.message : `${name} failed to start: ${(e as Error).stack ?? String(e)}`;
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
}
