import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, InvalidTransitionError, OutboxService, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { FundingSource } from './entities/funding-source.entity';
import { PaymentIntent } from './entities/payment-intent.entity';
import { PaymentRefund } from './entities/payment-refund.entity';
import { AmountTooLargeError, PaymentIntentNotFoundError } from './errors';
import { actorScope, IdempotencyService } from './idempotency.service';
import { intentEvent, intentView, type IntentView } from './intent-view';
import { LedgerService } from './ledger/ledger.service';
import { paymentRefunded } from './payments.jobs';
import { PaymentProvider } from './psp/psp.port';

export interface RefundInput {
  /** Minor units; omitted: everything still refundable. */
  amountMinor?: bigint;
  reason?: string;
  idempotencyKey?: string;
}

/**
 * Refunds by the merchant (orders:refund on the payee business). The intent row is locked while
 * the PSP refunds, so two refunds of one payment queue and their total never exceeds what was
 * captured less what is disputed (the database checks the same sum). A Kedai-wallet payment is
 * refunded to the wallet; a card's goes back through the PSP.
 */
@Injectable()
export class RefundService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerService,
    private readonly outbox: OutboxService,
    private readonly psp: PaymentProvider,
  ) {}

  async refund(ctx: RequestContext, intentId: string, input: RefundInput): Promise<IntentView> {
    const found = await this.em.fork().findOne(PaymentIntent, { id: intentId });
    if (!found?.businessId) throw new PaymentIntentNotFoundError();
    if (!(await this.access.can(ctx, found.businessId, 'orders:refund'))) {
      if (ctx.actor.kind === 'anonymous') ctx.requirePerson();
      throw new PaymentIntentNotFoundError();
    }
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    const params = { intentId, amount: input.amountMinor?.toString() ?? null, reason: input.reason ?? '' };
    return this.idempotency.run(actorScope(ctx, 'intent.refund'), key, params, () =>
      this.em.fork().transactional(async (tx) => {
        const intent = await tx.findOne(PaymentIntent, { id: intentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!intent) throw new PaymentIntentNotFoundError();
        if (intent.state !== 'succeeded') throw new InvalidTransitionError('A payment', intent.state, 'refunded');
        const refundable = intent.amountCaptured - intent.amountRefunded - intent.amountDisputed;
        const amount = input.amountMinor ?? refundable;
        if (amount <= 0n) throw new InvalidInputError([{ field: 'amount', messages: ['Nothing left to refund'] }]);
        if (amount > refundable) throw new AmountTooLargeError('is left to refund');
        const source = intent.fundingSourceId ? await tx.findOne(FundingSource, { id: intent.fundingSourceId }) : null;
        const toWallet = source?.kind === 'kedai_wallet';
        const refundId = randomUUID();
        const pspRefundId = toWallet
          ? `wallet:${refundId}`
          : (await this.psp.refund(intent.pspChargeId!, amount, refundId)).refundId;
        tx.persist(
          new PaymentRefund({
            id: refundId,
            intentId,
            amountMinor: amount,
            currency: intent.currency,
            reason: input.reason ?? '',
            pspRefundId,
            createdBy: actorScope(ctx, 'refund').replace(/:refund$/, ''),
          }),
        );
        intent.amountRefunded += amount;
        intent.updatedAt = new Date();
        await this.ledger.post(tx, {
          kind: 'refund',
          currency: intent.currency,
          intentId,
          reference: refundId,
          lines: [
            { account: { kind: 'merchant_receivable', ownerId: intent.businessId }, amount: -amount },
            { account: toWallet ? { kind: 'wallet', ownerId: intent.payerId } : { kind: 'refunds' }, amount },
          ],
        });
        this.outbox.enqueue(tx, paymentRefunded, {
          ...intentEvent(intent),
          refundId,
          refunded: amount.toString(),
          totalRefunded: intent.amountRefunded.toString(),
        });
        await tx.flush();
        return intentView(intent);
      }),
    );
  }
}
