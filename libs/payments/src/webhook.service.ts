import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { OutboxService, Sql } from '@kedai/core';
import { PaymentDispute } from './entities/payment-dispute.entity';
import { PaymentIntent } from './entities/payment-intent.entity';
import { WebhookSignatureError } from './errors';
import { intentEvent } from './intent-view';
import { LedgerService } from './ledger/ledger.service';
import { disputeClosed, disputeOpened } from './payments.jobs';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { fromWire, type PspEvent } from './psp/psp.port';
import { signatureProblem } from './psp/webhook-signature';
import { SettlementService } from './settlement.service';

/**
 * PSP webhooks. The signature (HMAC-SHA256 over the raw body, with a timestamp inside the
 * tolerance) is verified before the body is parsed; the event id is recorded in the same
 * transaction as its effect, so a replayed event is acknowledged and changes nothing.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
    private readonly settlement: SettlementService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  async receive(
    rawBody: Buffer,
    signature: string | undefined,
    nowS = Math.floor(Date.now() / 1000),
  ): Promise<{ received: true; duplicate: boolean }> {
    const problem = signatureProblem(this.config.webhookSecret, rawBody, signature, this.config.webhookToleranceS, nowS);
    if (problem) throw new WebhookSignatureError(problem);
    let event: PspEvent;
    try {
      event = JSON.parse(rawBody.toString('utf8')) as PspEvent;
    } catch {
      throw new WebhookSignatureError('the body is not JSON');
    }
    if (typeof event?.id !== 'string' || typeof event.type !== 'string') throw new WebhookSignatureError('not an event');
    const settled = await this.recordIfSettled(event);
    // Most charge webhooks follow an answer the API applied already: the event is recorded (so a
    // replay is still a duplicate) in the same statement that saw it settled, without a transaction or the intent's lock.
    if (settled) return { received: true, duplicate: !settled.fresh };
    const applied = await this.em.fork().transactional(async (tx) => {
      const fresh = await tx.execute(
        'insert into psp_webhook_event (event_id, type) values (?, ?) on conflict do nothing returning event_id',
        [event.id, event.type],
      );
      if (fresh.length === 0) return false;
      await this.apply(tx, event);
      return true;
    });
    return { received: true, duplicate: !applied };
  }

  /**
   * Whether a charge event can change nothing: its intent has moved past the states a charge
   * outcome settles (processing, requires_action), or on to another attempt (the reference names
   * the attempt). Neither can come back, so no lock is needed to know it (see
   * SettlementService.applyIn). When so, the same statement records the event and answers
   * whether it was new; null when the event may change something (nothing recorded).
   */
  private async recordIfSettled(event: PspEvent): Promise<{ fresh: boolean } | null> {
    if (event.type !== 'charge.updated') return null;
    const charge = fromWire(event.data.charge);
    const intentId = charge.reference.split(':')[0];
    if (!/^[0-9a-f-]{36}$/.test(intentId)) return null;
    const [row] = await this.sql.prepared<{ settled: boolean; fresh: boolean }>(
      // `id:attempt` is chargeReference's spelling.
      `with settled as (
         select 1 from payment_intent
          where id = $1 and (id::text || ':' || attempt <> $2 or state not in ('processing', 'requires_action'))),
       e as (
         insert into psp_webhook_event (event_id, type) select $3, $4 where exists (select 1 from settled)
         on conflict do nothing returning event_id)
       select exists (select 1 from settled) as settled, exists (select 1 from e) as fresh`,
      [intentId, charge.reference, event.id, event.type],
    );
    return row.settled ? { fresh: row.fresh } : null;
  }

  private async apply(tx: EntityManager, event: PspEvent): Promise<void> {
    switch (event.type) {
      case 'charge.updated': {
        const charge = fromWire(event.data.charge);
        const intentId = charge.reference.split(':')[0];
        if (/^[0-9a-f-]{36}$/.test(intentId)) await this.settlement.applyIn(tx, intentId, charge);
        return;
      }
      case 'dispute.created':
        return this.openDispute(tx, event.data);
      case 'dispute.closed':
        return this.closeDispute(tx, event.data);
      default:
        return; // an event type we do not use: acknowledged, ignored
    }
  }

  private async openDispute(
    tx: EntityManager,
    d: { disputeId: string; chargeId: string; amountMinor: string; reason: string },
  ): Promise<void> {
    const intent = await tx.findOne(PaymentIntent, { pspChargeId: d.chargeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!intent || intent.state !== 'succeeded') return;
    // A dispute can only hold what the merchant still has from this payment.
    const open = intent.amountCaptured - intent.amountRefunded - intent.amountDisputed;
    const amount = BigInt(d.amountMinor) < open ? BigInt(d.amountMinor) : open;
    if (amount <= 0n) return;
    const dispute = new PaymentDispute({
      intentId: intent.id,
      pspDisputeId: d.disputeId,
      amountMinor: amount,
      currency: intent.currency,
      reason: d.reason ?? '',
    });
    tx.persist(dispute);
    intent.amountDisputed += amount;
    intent.updatedAt = new Date();
    await this.ledger.post(tx, {
      kind: 'dispute_hold',
      currency: intent.currency,
      intentId: intent.id,
      reference: dispute.id,
      lines: [
        { account: { kind: 'merchant_receivable', ownerId: intent.businessId }, amount: -amount },
        { account: { kind: 'dispute_hold', ownerId: intent.businessId }, amount },
      ],
    });
    this.outbox.enqueue(tx, disputeOpened, { ...intentEvent(intent), disputeId: dispute.id, disputed: amount.toString() });
    await tx.flush();
  }

  private async closeDispute(tx: EntityManager, d: { disputeId: string; status: 'won' | 'lost' }): Promise<void> {
    const dispute = await tx.findOne(PaymentDispute, { pspDisputeId: d.disputeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!dispute || dispute.status !== 'open' || (d.status !== 'won' && d.status !== 'lost')) return;
    const intent = await tx.findOneOrFail(PaymentIntent, { id: dispute.intentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    dispute.status = d.status;
    dispute.closedAt = new Date();
    const hold = { kind: 'dispute_hold' as const, ownerId: intent.businessId };
    if (d.status === 'won') {
      // The held money goes back to the merchant, and may be refunded again.
      intent.amountDisputed -= dispute.amountMinor;
      await this.ledger.post(tx, {
        kind: 'dispute_won',
        currency: intent.currency,
        intentId: intent.id,
        reference: dispute.id,
        lines: [
          { account: hold, amount: -dispute.amountMinor },
          { account: { kind: 'merchant_receivable', ownerId: intent.businessId }, amount: dispute.amountMinor },
        ],
      });
    } else {
      // Lost: the cardholder's bank took it back (the amount stays counted against what can be refunded).
      await this.ledger.post(tx, {
        kind: 'dispute_lost',
        currency: intent.currency,
        intentId: intent.id,
        reference: dispute.id,
        lines: [
          { account: hold, amount: -dispute.amountMinor },
          { account: { kind: 'shopper_funding' }, amount: dispute.amountMinor },
        ],
      });
    }
    intent.updatedAt = new Date();
    this.outbox.enqueue(tx, disputeClosed, { ...intentEvent(intent), disputeId: dispute.id, outcome: d.status });
    await tx.flush();
  }
}
