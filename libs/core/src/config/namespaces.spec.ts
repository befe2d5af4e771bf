import { IsString, IsUrl, MinLength } from 'class-validator';
import { ConfigError, readEnv } from './env';
import { appConfig, databaseConfig, graphqlConfig, outboxConfig, redisConfig, validateAllConfig } from './namespaces';

/** The problems validateAllConfig reports, or [] when the environment is valid. */
function problems(): string[] {
  try {
    validateAllConfig();
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
}

const about = (lines: string[], variable: string) => lines.filter((l) => l.includes(variable));

describe('configuration namespaces', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    // Start every test from a known environment: only what the test sets, defaults for the rest.
    for (const key of Object.keys(process.env)) delete process.env[key];
    process.env.PATH = saved.PATH;
  });
  afterEach(() => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  });

  it('accepts an empty environment (every variable has a development default)', () => {
    expect(problems()).toEqual([]);
    expect(appConfig()).toMatchObject({ env: 'development', production: false, port: 3000 });
  });

  it('keeps idle keep-alive connections longer than a load balancer does (60 s), unless told otherwise', () => {
    expect(appConfig().keepAliveTimeoutMs).toBe(65_000);
    process.env.HTTP_KEEP_ALIVE_TIMEOUT_MS = '120000';
    expect(appConfig().keepAliveTimeoutMs).toBe(120_000);
  });

  it('reports a non-numeric PORT in exactly one line naming the variable and the value', () => {
    process.env.PORT = 'abc';
    const lines = problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('"abc"');
    expect(lines[0]).not.toContain('\n');
  });

  it.each([
    ['PORT', '0'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['NODE_ENV', 'prod'],
    ['LOG_LEVEL', 'verbose'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_MAX', '0'],
    ['DATABASE_DEBUG', 'maybe'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['QUEUE_PREFIX', 'kedai'],
    ['GRAPHQL_MAX_DEPTH', '-1'],
    ['OUTBOX_BATCH_SIZE', '5000'],
    ['OUTBOX_POLL_MS', '5'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['HTTP_KEEP_ALIVE_TIMEOUT_MS', '500'],
    ['WORKER_LOCK_MS', '200'],
    ['WORKER_STALLED_CHECK_MS', 'often'],
    ['WORKER_MAX_STALLED', '-1'],
  ])('refuses %s=%s with one line that names it', (name, value) => {
    process.env[name] = value;
    const lines = problems();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^Configuration error: .*\\b${name}\\b.*"${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`),
    );
  });

  it('reports every bad variable of every namespace at once', () => {
    Object.assign(process.env, {
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'memcached://x',
      GRAPHQL_MAX_ALIASES: 'many',
      OUTBOX_POLL_MS: '1',
    });
    const lines = problems();
    for (const name of ['PORT', 'DATABASE_URL', 'REDIS_URL', 'GRAPHQL_MAX_ALIASES', 'OUTBOX_POLL_MS']) {
      expect(about(lines, name)).toHaveLength(1);
    }
    expect(lines).toHaveLength(5);
    // Thrown as one error whose message is the same lines, so an operator reads them all.
    expect(() => validateAllConfig()).toThrow(ConfigError);
    expect(() => validateAllConfig()).toThrow(lines.join('\n'));
  });

  it('converts numbers and booleans from their string form', () => {
    Object.assign(process.env, {
      NODE_ENV: 'production',
      PORT: '8080',
      SHUTDOWN_TIMEOUT_MS: '0',
      DATABASE_POOL_MAX: '25',
      DATABASE_DEBUG: 'true',
      GRAPHQL_MAX_DEPTH: '12',
      OUTBOX_BATCH_SIZE: '1000',
    });
    expect(appConfig()).toMatchObject({ env: 'production', production: true, port: 8080, shutdownTimeoutMs: 0 });
    expect(databaseConfig()).toMatchObject({ poolMax: 25, debug: true });
    expect(graphqlConfig().maxDepth).toBe(12);
    expect(outboxConfig().batchSize).toBe(1000);
    expect(typeof appConfig().port).toBe('number');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['no', false],
    ['Off', false],
  ])('reads DATABASE_DEBUG=%s as %s', (value, expected) => {
    process.env.DATABASE_DEBUG = value;
    expect(databaseConfig().debug).toBe(expected);
  });

  it("gives workers a short job lock and stalled check, so a killed worker's jobs resume within seconds", () => {
    expect(outboxConfig()).toMatchObject({ workerLockMs: 5000, workerStalledCheckMs: 2000, workerMaxStalled: 2 });
    Object.assign(process.env, { WORKER_LOCK_MS: '30000', WORKER_STALLED_CHECK_MS: '30000', WORKER_MAX_STALLED: '1' });
    expect(outboxConfig()).toMatchObject({ workerLockMs: 30000, workerStalledCheckMs: 30000, workerMaxStalled: 1 });
  });

  it('treats an empty variable as unset (the default applies)', () => {
    Object.assign(process.env, { PORT: '', REDIS_URL: '' });
    expect(appConfig().port).toBe(3000);
    expect(redisConfig().url).toBe('redis://127.0.0.1:6379');
  });

  describe('secrets', () => {
    class SecretEnv {
      @IsString()
      @MinLength(32, { message: 'SIGNING_SECRET must be at least 32 characters' })
      SIGNING_SECRET = 'x'.repeat(32);

      @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
      ADMIN_PASSWORD = 'long-enough';

      @MinLength(8, { message: 'API_TOKEN must be at least 8 characters' })
      API_TOKEN = 'long-enough';

      @MinLength(8, { message: 'PSP_KEY must be at least 8 characters' })
      PSP_KEY = 'long-enough';

      @IsUrl(
        { protocols: ['postgres'], require_tld: false, require_protocol: true },
        { message: 'STORE_URL must be a postgres:// URL' },
      )
      STORE_URL = 'postgres://127.0.0.1/x';
    }

    it('never echoes a value whose name says it is a secret', () => {
      const env = { SIGNING_SECRET: 'hunter2', ADMIN_PASSWORD: 'pw1', API_TOKEN: 'tok1', PSP_KEY: 'k1' };
      let error: unknown;
      try {
        readEnv(SecretEnv, env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as ConfigError).problems;
      expect(lines).toHaveLength(4);
      for (const [name, value] of Object.entries(env)) {
        const [line] = about(lines, name);
        expect(line).toContain('"***"');
        expect(line).not.toContain(value);
      }
    });

    it('hides the credentials inside a malformed URL but shows the rest', () => {
      expect(() => readEnv(SecretEnv, { STORE_URL: 'mysql://app:s3cr3t@db.internal/shop' })).toThrow(
        'STORE_URL must be a postgres:// URL (got "mysql://***@db.internal/shop")',
      );
    });

    it('hides the password of a malformed DATABASE_URL', () => {
      process.env.DATABASE_URL = 'mysql://kedai:pa55word@db.internal:5432/kedai';
      const lines = problems();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('DATABASE_URL');
      expect(lines[0]).not.toContain('pa55word');
    });
  });
});
