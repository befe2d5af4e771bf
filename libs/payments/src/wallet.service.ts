import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { InvalidInputError, money, type Money, type RequestContext } from '@kedai/core';
import { EligibilityService } from './eligibility.service';
import { PaymentDeclinedError, PspUnavailableError } from './errors';
import { FundingSourceService } from './funding-source.service';
import { actorScope, IdempotencyService, keyReference } from './idempotency.service';
import { LedgerService } from './ledger/ledger.service';
import { PinService } from './pin.service';
import { PaymentProvider, PspTimeout } from './psp/psp.port';

/** The Kedai wallet: a balance the ledger holds for a person (never below zero), topped up from a card or linked wallet. */
@Injectable()
export class WalletService {
  constructor(
    private readonly em: EntityManager,
    private readonly sources: FundingSourceService,
    private readonly eligibility: EligibilityService,
    private readonly pins: PinService,
    private readonly idempotency: IdempotencyService,
    private readonly ledger: LedgerService,
    private readonly psp: PaymentProvider,
  ) {}

  async balance(ctx: RequestContext, currency: string): Promise<Money> {
    const personId = ctx.requirePerson();
    return money(await this.ledger.balance(this.em, { kind: 'wallet', ownerId: personId }, currency), currency);
  }

  async topUp(
    ctx: RequestContext,
    input: { fundingSourceId: string; amountMinor: bigint; currency: string; pin?: string; idempotencyKey?: string },
  ): Promise<{ amount: string; currency: string }> {
    const personId = ctx.requirePerson();
    const params = { fundingSourceId: input.fundingSourceId, amount: input.amountMinor.toString(), currency: input.currency };
    const scope = actorScope(ctx, 'wallet.top-up');
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(scope, key, params, async () => {
      if (input.amountMinor <= 0n || input.amountMinor > 10n ** 9n)
        throw new InvalidInputError([{ field: 'amount', messages: ['Top up a positive amount'] }]);
      await this.eligibility.assertPayer(ctx);
      await this.pins.requireIfSet(ctx, input.pin);
      const source = await this.sources.own(this.em, personId, input.fundingSourceId);
      if (!source.pspToken)
        throw new InvalidInputError([{ field: 'fundingSourceId', messages: ['Top up from a card or linked wallet'] }]);
      await this.sources.kedaiWallet(ctx, input.currency);
      // Keyed requests charge under a reference made from the key: a retry that takes over a
      // crashed top-up gets the PSP's first charge back instead of charging the card again.
      const reference = `topup:${key ? keyReference(scope, key) : randomUUID()}`;
      let outcome;
      try {
        outcome = await this.psp.charge({
          reference,
          sourceToken: source.pspToken,
          amountMinor: input.amountMinor,
          currency: input.currency,
          capture: true,
        });
      } catch (err) {
        if (err instanceof PspTimeout) throw new PspUnavailableError();
        throw err;
      }
      if (outcome.status !== 'succeeded') {
        if (outcome.status === 'requires_action') await this.psp.cancel(outcome.chargeId);
        throw new PaymentDeclinedError(
          outcome.failureCode ?? 'authentication_required',
          outcome.failureMessage ?? 'This card cannot top up a wallet',
        );
      }
      await this.em.fork().transactional(async (tx) => {
        // That charge may be credited already (the crashed try got this far); once per charge.
        if (await this.posted(tx, 'wallet_top_up', outcome.chargeId)) return;
        await this.ledger.post(tx, {
          kind: 'wallet_top_up',
          currency: input.currency,
          reference: outcome.chargeId,
          lines: [
            { account: { kind: 'shopper_funding' }, amount: -input.amountMinor },
            { account: { kind: 'wallet', ownerId: personId }, amount: input.amountMinor },
          ],
        });
      });
      const balance = await this.ledger.balance(this.em.fork(), { kind: 'wallet', ownerId: personId }, input.currency);
      return { amount: balance.toString(), currency: input.currency };
    });
  }

  /**
   * Moves money out of the Kedai wallet to a card or linked wallet (a payout through the PSP). The
   * wallet is debited and the payout asked for inside one database transaction: a PSP refusal rolls
   * the debit back, and the payout is idempotent on its reference, so a retry never pays out twice.
   */
  async withdraw(
    ctx: RequestContext,
    input: { fundingSourceId: string; amountMinor: bigint; currency: string; pin?: string; idempotencyKey?: string },
  ): Promise<{ amount: string; currency: string; payoutId: string }> {
    const personId = ctx.requirePerson();
    const params = { fundingSourceId: input.fundingSourceId, amount: input.amountMinor.toString(), currency: input.currency };
    const scope = actorScope(ctx, 'wallet.withdraw');
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(scope, key, params, async () => {
      if (input.amountMinor <= 0n || input.amountMinor > 10n ** 9n)
        throw new InvalidInputError([{ field: 'amount', messages: ['Withdraw a positive amount'] }]);
      await this.eligibility.assertPayer(ctx);
      await this.pins.requireIfSet(ctx, input.pin);
      const source = await this.sources.own(this.em, personId, input.fundingSourceId);
      if (!source.pspToken)
        throw new InvalidInputError([{ field: 'fundingSourceId', messages: ['Withdraw to a card or linked wallet'] }]);
      // As for top-ups: a retry after a crash pays out (and debits) under the first try's reference.
      const reference = `withdrawal:${key ? keyReference(scope, key) : randomUUID()}`;
      const payoutId = await this.em.fork().transactional(async (tx) => {
        if (!(await this.posted(tx, 'wallet_withdrawal', reference)))
          await this.ledger.post(tx, {
            kind: 'wallet_withdrawal',
            currency: input.currency,
            reference,
            lines: [
              { account: { kind: 'wallet', ownerId: personId }, amount: -input.amountMinor },
              { account: { kind: 'shopper_funding' }, amount: input.amountMinor },
            ],
          });
        try {
          return (
            await this.psp.payout({
              reference,
              destinationToken: source.pspToken!,
              amountMinor: input.amountMinor,
              currency: input.currency,
            })
          ).payoutId;
        } catch (err) {
          if (err instanceof PspTimeout) throw new PspUnavailableError();
          throw err;
        }
      });
      const balance = await this.ledger.balance(this.em.fork(), { kind: 'wallet', ownerId: personId }, input.currency);
      return { amount: balance.toString(), currency: input.currency, payoutId };
    });
  }

  /** Whether a wallet movement with this reference is in the ledger already (unique per kind and reference). */
  private async posted(tx: EntityManager, kind: 'wallet_top_up' | 'wallet_withdrawal', reference: string): Promise<boolean> {
    const rows = await tx.execute('select 1 from ledger_transaction where kind = ? and reference = ?', [kind, reference]);
    return rows.length > 0;
  }
}
