import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { allocate, money, type Money, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { LedgerService } from './ledger/ledger.service';

export interface MerchantBalance {
  available: Money;
  held: Money;
}

export interface MerchantTransaction {
  id: string;
  kind: string;
  account: string;
  amount: Money;
  intentId: string | null;
  reference: string;
  createdAt: Date;
}

export interface ReconciliationReport {
  currency: string;
  intents: number;
  captured: Money;
  refunded: Money;
  fees: Money;
  disputesHeld: Money;
  disputesLost: Money;
  expectedAvailable: Money;
  ledgerAvailable: Money;
  expectedHeld: Money;
  ledgerHeld: Money;
  mismatchedIntentIds: string[];
  balanced: boolean;
}

/** What a merchant sees of the ledger (orders:read): balances, the statement, and the reconciliation report. */
@Injectable()
export class MerchantLedgerService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly ledger: LedgerService,
  ) {}

  async balance(ctx: RequestContext, businessId: string, currency: string): Promise<MerchantBalance> {
    await this.access.require(ctx, businessId, 'orders:read');
    const [available, held] = await Promise.all([
      this.ledger.balance(this.em, { kind: 'merchant_receivable', ownerId: businessId }, currency),
      this.ledger.balance(this.em.fork(), { kind: 'dispute_hold', ownerId: businessId }, currency),
    ]);
    return { available: money(available, currency), held: money(held, currency) };
  }

  /** The business's ledger lines, newest first; `before` is the last id of the previous page. */
  async transactions(
    ctx: RequestContext,
    businessId: string,
    currency: string,
    first: number,
    before?: string,
  ): Promise<MerchantTransaction[]> {
    await this.access.require(ctx, businessId, 'orders:read');
    const rows = await this.em.execute<
      {
        id: string;
        kind: string;
        account: string;
        amount_minor: string;
        intent_id: string | null;
        reference: string;
        created_at: Date;
      }[]
    >(
      `select e.id, t.kind, a.kind as account, e.amount_minor, t.intent_id, t.reference, e.created_at
         from ledger_entry e join ledger_account a on a.id = e.account_id join ledger_transaction t on t.id = e.transaction_id
        where a.owner_id = ? and a.kind in ('merchant_receivable', 'dispute_hold') and a.currency = ?
          and (?::uuid is null or (e.created_at, e.id) < (select created_at, id from ledger_entry where id = ?::uuid))
        order by e.created_at desc, e.id desc limit ?`,
      [businessId, currency, before ?? null, before ?? null, first],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      account: r.account,
      amount: money(r.amount_minor, currency),
      intentId: r.intent_id,
      reference: r.reference,
      createdAt: new Date(r.created_at),
    }));
  }

  /**
   * Recomputes what the merchant's accounts should hold from the intents alone (captured less the
   * platform fee, refunds and disputes) and compares it with the ledger, intent by intent.
   */
  async reconciliation(ctx: RequestContext, businessId: string, currency: string): Promise<ReconciliationReport> {
    await this.access.require(ctx, businessId, 'orders:read');
    const intents = await this.em.execute<
      { id: string; captured: string; refunded: string; fee_bps: number; open: string; lost: string; ledger_net: string | null }[]
    >(
      `select i.id, i.amount_captured as captured, i.amount_refunded as refunded, i.fee_bps,
              coalesce((select sum(d.amount_minor) from payment_dispute d where d.intent_id = i.id and d.status = 'open'), 0) as open,
              coalesce((select sum(d.amount_minor) from payment_dispute d where d.intent_id = i.id and d.status = 'lost'), 0) as lost,
              (select sum(e.amount_minor) from ledger_entry e join ledger_transaction t on t.id = e.transaction_id
                 join ledger_account a on a.id = e.account_id
                where t.intent_id = i.id and a.kind in ('merchant_receivable', 'dispute_hold')) as ledger_net
         from payment_intent i where i.business_id = ? and i.currency = ? and i.amount_captured > 0`,
      [businessId, currency],
    );
    let captured = 0n;
    let refunded = 0n;
    let fees = 0n;
    let held = 0n;
    let lost = 0n;
    const mismatched: string[] = [];
    for (const i of intents) {
      const c = BigInt(i.captured);
      const [fee] = allocate(money(c, currency), [i.fee_bps, 10_000 - i.fee_bps]);
      const expectedNet = c - fee.amount - BigInt(i.refunded) - BigInt(i.lost);
      if (BigInt(i.ledger_net ?? 0) !== expectedNet) mismatched.push(i.id);
      captured += c;
      refunded += BigInt(i.refunded);
      fees += fee.amount;
      held += BigInt(i.open);
      lost += BigInt(i.lost);
    }
    const { available, held: ledgerHeld } = await this.balance(ctx, businessId, currency);
    const expectedAvailable = captured - fees - refunded - held - lost;
    return {
      currency,
      intents: intents.length,
      captured: money(captured, currency),
      refunded: money(refunded, currency),
      fees: money(fees, currency),
      disputesHeld: money(held, currency),
      disputesLost: money(lost, currency),
      expectedAvailable: money(expectedAvailable, currency),
      ledgerAvailable: available,
      expectedHeld: money(held, currency),
      ledgerHeld,
      mismatchedIntentIds: mismatched,
      balanced: mismatched.length === 0 && expectedAvailable === available.amount && held === ledgerHeld.amount,
    };
  }
}
