import { databaseConfig, poolPerProcess, processesConfig } from './namespaces';

describe('processes and pools', () => {
  it('splits the connection budget between processes after their LISTEN connections', () => {
    expect(poolPerProcess({ api: 1, workers: 1, maxConnections: 80 })).toBe(39);
    expect(poolPerProcess({ api: 2, workers: 2, maxConnections: 80 })).toBe(19);
    expect(poolPerProcess({ api: 8, workers: 4, maxConnections: 80 })).toBe(5);
    // Never below 2: a budget too small for the process count is the operator's to raise.
    expect(poolPerProcess({ api: 40, workers: 40, maxConnections: 80 })).toBe(2);
    // N processes × (pool + 1 LISTEN) stays within the budget.
    for (const [api, workers] of [
      [1, 1],
      [3, 2],
      [6, 6],
    ]) {
      const pool = poolPerProcess({ api, workers, maxConnections: 100 });
      expect((api + workers) * (pool + 1)).toBeLessThanOrEqual(100);
    }
  });

  it('reads API_PROCESSES and WORKER_PROCESSES, and DATABASE_LISTEN_URL defaults to DATABASE_URL', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { API_PROCESSES: '3', WORKER_PROCESSES: '0', DATABASE_URL: 'postgres://u@db:6432/k' });
      delete process.env.DATABASE_LISTEN_URL;
      expect(processesConfig()).toEqual({ api: 3, workers: 0, maxConnections: 80 });
      expect(databaseConfig().listenUrl).toBe('postgres://u@db:6432/k');
      process.env.DATABASE_LISTEN_URL = 'postgres://u@db:5432/k';
      expect(databaseConfig().listenUrl).toBe('postgres://u@db:5432/k');
      process.env.API_PROCESSES = '-1';
      expect(() => processesConfig()).toThrow(/API_PROCESSES must be an integer between 0 and 64/);
    } finally {
      process.env = saved;
    }
  });
});
