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
 * transaction: the entries, and each account's balance moved by the same statement that checks
 * it (wallets may not go below zero). Accounts are locked in code order, so two postings that
 * touch the same accounts never deadlock. The database checks the balance again at commit, and
 * refuses any update or delete of a posted row.
 */
@Injectable()
export class LedgerService {
  async post(em: EntityManager, posting: Posting): Promise<string> {
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
    const codes = [...byCode.keys()].sort();
    // An array parameter would expand into a list, so the rows are spelled out: (?, ?, …), (?, ?, …).
    await em.execute(
      `insert into ledger_account (id, code, kind, owner_id, currency, non_negative)
       values ${codes.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (code) do nothing`,
      codes.flatMap((c) => {
        const { account } = byCode.get(c)!;
        return [randomUUID(), c, account.kind, account.ownerId ?? null, posting.currency, account.kind === 'wallet'];
      }),
    );
    const txId = randomUUID();
    await em.execute('insert into ledger_transaction (id, kind, currency, intent_id, reference) values (?, ?, ?, ?, ?)', [
      txId,
      posting.kind,
      posting.currency,
      posting.intentId ?? null,
      posting.reference ?? '',
    ]);
    for (const code of codes) {
      const { amount } = byCode.get(code)!;
      if (amount === 0n) continue;
      const moved = await em.execute<{ id: string }[]>(
        `update ledger_account set balance_minor = balance_minor + ?, updated_at = now()
          where code = ? and (not non_negative or balance_minor + ? >= 0) returning id`,
        [amount.toString(), code, amount.toString()],
      );
      if (moved.length === 0) throw new InsufficientFundsError();
      await em.execute('insert into ledger_entry (id, transaction_id, account_id, amount_minor) values (?, ?, ?, ?)', [
        randomUUID(),
        txId,
        moved[0].id,
        amount.toString(),
      ]);
    }
    return txId;
  }

  /** The balance of one account (0 when it has never moved). */
  async balance(em: EntityManager, account: AccountRef, currency: string): Promise<bigint> {
    const [row] = await em.execute<{ balance_minor: string }[]>('select balance_minor from ledger_account where code = ?', [
      accountCode(account, currency),
    ]);
    return row ? BigInt(row.balance_minor) : 0n;
  }
}
