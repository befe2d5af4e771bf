import { Client } from 'pg';
import { Redis } from 'ioredis';
import { withTimeout } from './util/timeout';

const TIMEOUT_MS = 3_000;

/** The same server as `url`, but its maintenance database, which always exists. */
export function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
}

/**
 * Checks that PostgreSQL and Redis answer before anything boots, and says what to start and how
 * when they do not. Returns one message per problem; empty means all is well.
 */
export async function checkServices(databaseUrl: string, redisUrl: string, needDatabase = true): Promise<string[]> {
  const problems: string[] = [];
  const pg = new Client({
    connectionString: needDatabase ? databaseUrl : maintenanceUrl(databaseUrl),
    connectionTimeoutMillis: TIMEOUT_MS,
  });
  try {
    await pg.connect();
    await pg.query('select 1');
  } catch (e) {
    const err = e as Error & { code?: string };
    if (err.code === '3D000') {
      if (needDatabase)
        problems.push('The database in DATABASE_URL does not exist yet: run `npm run db:setup` (`npm start` does it).');
    } else {
      problems.push(
        `PostgreSQL is not reachable at ${where(databaseUrl)} (${err.code ?? err.message}). Start it:\n` +
          '    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start    # Debian\n' +
          '    docker compose -f docker/compose.yaml up -d postgres                         # Docker\n' +
          '  or set DATABASE_URL to a running server.',
      );
    }
  } finally {
    await pg.end().catch(() => undefined);
  }
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: TIMEOUT_MS,
  });
  redis.on('error', () => undefined);
  try {
    await withTimeout(
      redis.connect().then(() => redis.ping()),
      TIMEOUT_MS,
      'Redis',
    );
  } catch (e) {
    problems.push(
      `Redis is not reachable at ${where(redisUrl)} (${(e as Error).message}). Start it:\n` +
        '    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no   # Debian\n' +
        '    docker compose -f docker/compose.yaml up -d redis                                    # Docker\n' +
        '  or set REDIS_URL to a running server.',
    );
  } finally {
    redis.disconnect();
  }
  return problems;
}
