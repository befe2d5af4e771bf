import { checkServices, databaseConfig, redisConfig } from '@kedai/core';

/** `npm start` runs this before touching the database: are PostgreSQL and Redis there at all? */
void checkServices(databaseConfig().url, redisConfig().url, false).then((problems) => {
  if (problems.length === 0) return;
  process.stderr.write(`kedai: cannot start:\n- ${problems.join('\n- ')}\n`);
  process.exit(1);
});
