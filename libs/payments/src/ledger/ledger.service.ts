import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InsufficientFundsError } from '../errors';
import type { LedgerAccountKind, LedgerTransactionKind } from '../entities/ledger.entities';

/** An account by what it is: platform accounts have no owner; receivables and holds a business; wallets a person. */
export interface AccountRef {
  kind: LedgerAccountKind;
  ownerId?: string | null;
}

export interface Posting {
  kind: LedgerTransactionKind;
  currency: string;
  intentId?: string | null;
  reference?: string;
  /** Signed amounts: negative lines give, positive lines receive. Must sum to zero; zero lines are dropped. */
  lines: { account: AccountRef; amount: bigint }[];
}

export const accountCode = (a: AccountRef, currency: string): string => `${a.kind}:${a.ownerId ?? 'platform'}:${currency}`;

/**
 * The one way money moves. `post` writes one balanced transaction in the caller's database
 * transaction. Accounts that must not go below zero (wallets) keep a running balance, moved by the
 * same guarded statement that checks it, under the row's lock, taken in code order so two postings
 * never deadlock. Every other account (platform, merchant receivables, holds) is the sum of its
 * entries: no running balance means no row every payment must lock until it commits, which would
 * put all of a merchant's or the platform's payments in single file. The database checks at commit
 * that each transaction balances, and refuses any update or delete of a posted row.
 */
@Injectable()
export class LedgerService {
  /**
   * Ids of accounts known to be committed (an account is never deleted, and its code never
   * changes), so a posting written as part of another statement needs no look-up.
   */
  private readonly committedIds = new Map<string, string>();

  constructor(private readonly em: EntityManager) {}

  /**
   * A posting as parts of the caller's one statement: CTEs (each starting with `, name as (`) that
   * write the transaction, its entries and wallet credits only when the caller's CTE `guard` has
   * a row, so the money moves exactly when the caller's own change happens and commits with it.
   * For postings whose wallet lines are all credits (a wallet debit needs `post`'s guarded check
   * of the balance); the accounts are made first, each in a statement of its own, if this process
   * has not seen them committed.
   */
  async postingCtes(posting: Posting, guard: string): Promise<{ sql: string; params: unknown[] }> {
    const { byCode, codes } = this.lines(posting);
    const missing = codes.filter((c) => !this.committedIds.has(c));
    if (missing.length) {
      // Autocommitted on the root manager (never the caller's transaction), so every id it answers is committed.
      const rows = await this.em.fork().execute<{ id: string; code: string }[]>(
        `with made as (
           insert into ledger_account (id, code, kind, owner_id, currency, non_negative)
           values ${missing.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           on conflict (code) do nothing
           returning id, code)
         select id, code from made union all select id, code from ledger_account where code in (?)`,
        [
          ...missing.flatMap((c) => {
            const { account } = byCode.get(c)!;
            return [randomUUID(), c, account.kind, account.ownerId ?? null, posting.currency, mustStayPositive(account)];
          }),
          missing,
        ],
      );
      for (const row of rows) this.committedIds.set(row.code, row.id);
      // An account another process inserted while this statement waited on the code's unique index
      // is not in the statement's snapshot (taken before that insert committed): read it now, or
      // the posting would name no account (a NOT NULL violation failing the payment).
      const unseen = missing.filter((c) => !this.committedIds.has(c));
      if (unseen.length) {
        const found = await this.em
          .fork()
          .execute<{ id: string; code: string }[]>('select id, code from ledger_account where code in (?)', [unseen]);
        for (const row of found) this.committedIds.set(row.code, row.id);
      }
      const lost = missing.filter((c) => !this.committedIds.has(c));
      if (lost.length) throw new Error(`ledger accounts ${lost.join(', ')} neither inserted nor found`);
    }
    const txId = randomUUID();
    const params: unknown[] = [];
    let sql = '';
    codes.forEach((c, n) => {
      const { account, amount } = byCode.get(c)!;
      if (!mustStayPositive(account)) return;
      if (amount < 0n) throw new Error(`ledger posting ${posting.kind}: a wallet debit needs post()`);
      sql += `, lw${n} as (update ledger_account set balance_minor = balance_minor + ?, updated_at = now()
                 where id = ? and exists (select 1 from ${guard}))`;
      params.push(amount.toString(), this.committedIds.get(c)!);
    });
    sql += `, lt as (insert into ledger_transaction (id, kind, currency, intent_id, reference)
               select ?, ?, ?, ?, ? where exists (select 1 from ${guard}))
            , le as (insert into ledger_entry (id, transaction_id, account_id, amount_minor)
               select v.id::uuid, ?::uuid, v.account::uuid, v.amount::bigint
                 from (values ${codes.map(() => '(?, ?, ?)').join(', ')}) v (id, account, amount)
                where exists (select 1 from ${guard}))`;
    params.push(txId, posting.kind, posting.currency, posting.intentId ?? null, posting.reference ?? '', txId);
    for (const c of codes) params.push(randomUUID(), this.committedIds.get(c)!, byCode.get(c)!.amount.toString());
    return { sql, params };
  }

  /** The posting's lines by account code, checked to balance; the codes sorted, zero sums dropped. */
  private lines(posting: Posting): { byCode: Map<string, { account: AccountRef; amount: bigint }>; codes: string[] } {
    const lines = posting.lines.filter((l) => l.amount !== 0n);
    const sum = lines.reduce((a, l) => a + l.amount, 0n);
    if (sum !== 0n) throw new Error(`ledger posting ${posting.kind} does not balance (${sum})`);
    if (lines.length < 2) throw new Error(`ledger posting ${posting.kind} needs two lines`);
    const byCode = new Map<string, { account: AccountRef; amount: bigint }>();
    for (const l of lines) {
      const code = accountCode(l.account, posting.currency);
      const seen = byCode.get(code);
      byCode.set(code, { account: l.account, amount: (seen?.amount ?? 0n) + l.amount });
    }
    return { byCode, codes: [...byCode.keys()].sort().filter((c) => byCode.get(c)!.amount !== 0n) };
  }

  async post(em: EntityManager, posting: Posting): Promise<string> {
    const { byCode, codes } = this.lines(posting);
    const positive = codes.filter((c) => mustStayPositive(byCode.get(c)!.account));
    const rest = codes.filter((c) => !mustStayPositive(byCode.get(c)!.account));
    // Every account exists afterwards; the same statement answers the ids of those it inserted and
    // of those without a running balance that were there before it began (a wallet's comes from
    // the guarded update below). An array parameter would expand into a list, so the rows are
    // spelled out: (?, ?, …), (?, ?, …).
    const ids = new Map<string, string>();
    const known = await em.execute<{ id: string; code: string }[]>(
      `with made as (
         insert into ledger_account (id, code, kind, owner_id, currency, non_negative)
         values ${codes.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         on conflict (code) do nothing
         returning id, code)
       select id, code from made
       union all select id, code from ledger_account where code in (?)`,
      [
        ...codes.flatMap((c) => {
          const { account } = byCode.get(c)!;
          return [randomUUID(), c, account.kind, account.ownerId ?? null, posting.currency, mustStayPositive(account)];
        }),
        rest.length ? rest : [''],
      ],
    );
    for (const row of known) ids.set(row.code, row.id);
    for (const code of positive) {
      const amount = byCode.get(code)!.amount.toString();
      const moved = await em.execute<{ id: string }[]>(
        `update ledger_account set balance_minor = balance_minor + ?, updated_at = now()
          where code = ? and balance_minor + ? >= 0 returning id`,
        [amount, code, amount],
      );
      if (moved.length === 0) throw new InsufficientFundsError();
      ids.set(code, moved[0].id);
    }
    // An account another transaction created while this statement ran is not in its snapshot: read it now.
    const missing = rest.filter((c) => !ids.has(c));
    if (missing.length) {
      const found = await em.execute<{ id: string; code: string }[]>('select id, code from ledger_account where code in (?)', [
        missing,
      ]);
      for (const row of found) ids.set(row.code, row.id);
    }
    const txId = randomUUID();
    // The transaction and its entries in one statement (the entries' foreign key is checked at its end).
    await em.execute(
      `with t as (insert into ledger_transaction (id, kind, currency, intent_id, reference) values (?, ?, ?, ?, ?))
       insert into ledger_entry (id, transaction_id, account_id, amount_minor) values ${codes.map(() => '(?, ?, ?, ?)').join(', ')}`,
      [
        txId,
        posting.kind,
        posting.currency,
        posting.intentId ?? null,
        posting.reference ?? '',
        ...codes.flatMap((c) => [randomUUID(), txId, ids.get(c)!, byCode.get(c)!.amount.toString()]),
      ],
    );
    return txId;
  }

  /** The balance of one account (0 when it has never moved): its running balance, or the sum of its entries. */
  async balance(em: EntityManager, account: AccountRef, currency: string): Promise<bigint> {
    const code = accountCode(account, currency);
    const [row] = mustStayPositive(account)
      ? await em.execute<{ balance: string }[]>('select balance_minor as balance from ledger_account where code = ?', [code])
      : await em.execute<{ balance: string }[]>(
          `select coalesce(sum(e.amount_minor), 0)::text as balance
             from ledger_entry e join ledger_account a on a.id = e.account_id where a.code = ?`,
          [code],
        );
    return row ? BigInt(row.balance) : 0n;
  }
}

/** Wallets are people's money: never below zero, so they keep a balance checked under a lock. */
function mustStayPositive(account: AccountRef): boolean {
  return account.kind === 'wallet';
}
