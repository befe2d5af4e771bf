import { Migration } from '@mikro-orm/migrations';

/**
 * Idempotency keys held by a lease instead of a fixed 60 s: a running request renews its lease
 * every 2 s, so after the process dies the key is free within seconds (issue 13, item 3). Rows
 * in progress from before keep their old 60 s from their start.
 *
 * Wallet top-ups and withdrawals are posted once per reference (the PSP's charge or payout), so a
 * retry that takes over a crashed request cannot post the same money twice.
 */
export class Migration20261205100000_idempotency_lease extends Migration {
  override name = 'Migration20261205100000_idempotency_lease';

  override up(): void {
    this.addSql('alter table "idempotency_record" add column "owner" uuid null, add column "lease_until" timestamptz null;');
    this.addSql(
      `update "idempotency_record" set "lease_until" = "created_at" + interval '60 seconds' where "status" = 'in_progress';`,
    );
    this.addSql(
      `create unique index "ledger_transaction_wallet_reference_key" on "ledger_transaction" ("kind", "reference") where "kind" in ('wallet_top_up', 'wallet_withdrawal') and "reference" <> '';`,
    );
  }

  override down(): void {
    this.addSql('drop index if exists "ledger_transaction_wallet_reference_key";');
    this.addSql('alter table "idempotency_record" drop column "owner", drop column "lease_until";');
  }
}
