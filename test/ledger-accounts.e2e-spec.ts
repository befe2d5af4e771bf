import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { LedgerService } from '@kedai/payments/ledger/ledger.service';
import { TestEnv } from './support/test-env';

/**
 * The accounts a posting names are made on first use, by whichever process posts first. Two
 * processes (the API and the worker, or two API processes) paying a new merchant at once both
 * insert its accounts; the one that waited on the other's insert must still find them.
 */
describe('ledger accounts made by two processes at once', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { LOG_LEVEL: 'warn' } });
  });
  afterAll(() => env.close());

  it('a posting whose account another process inserted while it waited names that account', async () => {
    const merchant = randomUUID();
    const code = `merchant_receivable:${merchant}:MYR`;
    // The other process: its insert of the merchant's account is made and not yet committed.
    const other = new Client({ connectionString: env.databaseUrl });
    await other.connect();
    try {
      await other.query('begin');
      await other.query(
        `insert into ledger_account (id, code, kind, owner_id, currency, non_negative) values ($1, $2, 'merchant_receivable', $3, 'MYR', false)`,
        [randomUUID(), code, merchant],
      );
      // This process (a LedgerService that has seen no account yet) posts to it: its insert waits on the code.
      const ledger = new LedgerService(api.get(EntityManager));
      const posting = ledger.postingCtes(
        {
          kind: 'charge',
          currency: 'MYR',
          reference: 'race',
          lines: [
            { account: { kind: 'shopper_funding' }, amount: -1000n },
            { account: { kind: 'merchant_receivable', ownerId: merchant }, amount: 1000n },
          ],
        },
        'g',
      );
      await waitForLockWait(env);
      await other.query('commit');
      const { params } = await posting;
      const { rows } = await other.query<{ id: string }>('select id from ledger_account where code = $1', [code]);
      expect(params).toContain(rows[0].id);
      expect(params.filter((p) => p === undefined)).toEqual([]);
    } finally {
      await other.end();
    }
  });
});

/** Until some backend of this database waits on a lock (the posting's insert behind the open one). */
async function waitForLockWait(env: TestEnv): Promise<void> {
  const db = await env.sql();
  for (let i = 0; i < 200; i++) {
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the posting never waited on the open insert');
}
