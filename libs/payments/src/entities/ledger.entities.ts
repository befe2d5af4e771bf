import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Trigger, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { PaymentIntent } from './payment-intent.entity';

export const LEDGER_ACCOUNT_KINDS = [
  'shopper_funding',
  'merchant_receivable',
  'platform_fee',
  'refunds',
  'dispute_hold',
  'wallet',
] as const;
export type LedgerAccountKind = (typeof LEDGER_ACCOUNT_KINDS)[number];
export const LEDGER_TRANSACTION_KINDS = [
  'charge',
  'refund',
  'dispute_hold',
  'dispute_won',
  'dispute_lost',
  'wallet_top_up',
  'transfer',
  'wallet_withdrawal',
] as const;
export type LedgerTransactionKind = (typeof LEDGER_TRANSACTION_KINDS)[number];

/**
 * A ledger account in one currency. Accounts marked non-negative (wallets) keep `balance_minor`,
 * the sum of their entries, moved by the posting transaction itself and held ≥ 0 by a CHECK; for
 * the others it stays 0 and their balance is the sum of their entries (see LedgerService).
 */
@Entity({ tableName: 'ledger_account' })
@Index({ name: 'ledger_account_owner_idx', properties: ['ownerId', 'kind'] })
@Check({
  name: 'ledger_account_kind_check',
  expression: "kind in ('shopper_funding', 'merchant_receivable', 'platform_fee', 'refunds', 'dispute_hold', 'wallet')",
})
@Check({ name: 'ledger_account_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'ledger_account_balance_check', expression: 'not non_negative or balance_minor >= 0' })
export class LedgerAccount {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  @Unique({ name: 'ledger_account_code_key' })
  readonly code!: string;

  @Property({ type: 'text' })
  readonly kind!: LedgerAccountKind;

  /** The business (receivable, dispute hold) or person (wallet) it belongs to; null for platform accounts. */
  @Property({ type: 'uuid', nullable: true })
  readonly ownerId: string | null = null;

  @Property({ type: 'character', length: 3 })
  readonly currency!: string;

  @Property({ type: 'boolean', default: false })
  readonly nonNegative: boolean = false;

  @Property({ type: new BigIntType('bigint'), defaultRaw: '0' })
  balanceMinor: bigint = 0n;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}

/** One movement of money, in one currency; its entries sum to zero (checked at commit). Never updated or deleted. */
@Entity({ tableName: 'ledger_transaction' })
@Index({ name: 'ledger_transaction_intent_idx', properties: ['intentId'] })
// A wallet top-up or withdrawal is posted once per PSP reference, however often a retry runs it.
@Index({
  name: 'ledger_transaction_wallet_reference_key',
  expression:
    'create unique index "ledger_transaction_wallet_reference_key" on "ledger_transaction" ("kind", "reference") where "kind" in (\'wallet_top_up\', \'wallet_withdrawal\') and "reference" <> \'\'',
})
@Check({
  name: 'ledger_transaction_kind_check',
  expression:
    "kind in ('charge', 'refund', 'dispute_hold', 'dispute_won', 'dispute_lost', 'wallet_top_up', 'transfer', 'wallet_withdrawal')",
})
@Check({ name: 'ledger_transaction_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
// Declared as raw DDL so the schema diff knows them; the migration creates them (and their functions).
@Trigger({
  name: 'ledger_transaction_append_only',
  timing: 'before',
  events: ['update', 'delete'],
  forEach: 'statement',
  expression:
    'create trigger "ledger_transaction_append_only" before update or delete on "ledger_transaction" for each statement execute function "ledger_refuse_change"()',
})
export class LedgerTransaction {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @Property({ type: 'text' })
  readonly kind!: LedgerTransactionKind;

  @Property({ type: 'character', length: 3 })
  readonly currency!: string;

  @ManyToOne(() => PaymentIntent, {
    mapToPk: true,
    joinColumn: 'intent_id',
    nullable: true,
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly intentId: string | null = null;

  /** What caused it besides the intent: a refund id, a dispute id, a top-up's charge. */
  @Property({ type: 'text', default: '' })
  readonly reference: string = '';

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();
}

/** One line of a transaction: a signed amount on one account. */
@Entity({ tableName: 'ledger_entry' })
@Index({ name: 'ledger_entry_transaction_idx', properties: ['transactionId'] })
@Index({ name: 'ledger_entry_account_idx', properties: ['accountId', 'createdAt', 'id'] })
@Check({ name: 'ledger_entry_amount_check', expression: 'amount_minor <> 0' })
@Trigger({
  name: 'ledger_entry_append_only',
  timing: 'before',
  events: ['update', 'delete'],
  forEach: 'statement',
  expression:
    'create trigger "ledger_entry_append_only" before update or delete on "ledger_entry" for each statement execute function "ledger_refuse_change"()',
})
@Trigger({
  name: 'ledger_entry_balanced',
  timing: 'after',
  events: ['insert'],
  expression:
    'create constraint trigger "ledger_entry_balanced" after insert on "ledger_entry" deferrable initially deferred for each row execute function "ledger_check_balanced"()',
})
export class LedgerEntry {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => LedgerTransaction, {
    mapToPk: true,
    joinColumn: 'transaction_id',
    deleteRule: 'no action',
    updateRule: 'no action',
  })
  readonly transactionId!: string;

  @ManyToOne(() => LedgerAccount, { mapToPk: true, joinColumn: 'account_id', deleteRule: 'no action', updateRule: 'no action' })
  readonly accountId!: string;

  @Property({ type: new BigIntType('bigint') })
  readonly amountMinor!: bigint;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();
}
