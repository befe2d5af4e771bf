import { Injectable } from '@nestjs/common';
import { isUniqueViolation, newId, NotFoundError, Sql, type RequestContext } from '@kedai/core';
import type { PaymentIntent } from './entities/payment-intent.entity';
import { EligibilityService } from './eligibility.service';
import { FundingSourceNotFoundError, IdempotencyMismatchError, NotEligibleError, OrderAlreadyPaidError } from './errors';
import { actorScope, IdempotencyService, keyedId, type IdempotentRun } from './idempotency.service';
import { IntentAccess } from './intent-access';
import { IntentConfirmation } from './intent-confirmation.service';
import { assertMove } from './intent-state-machine';
import type { IntentView } from './intent-view';
import { checkKind, checkNew, newIntent, type ConfirmIntentInput, type CreateIntentInput } from './payment-inputs';
import { PinService } from './pin.service';

/**
 * Creates an intent and pays it in one call (Stripe's `confirm: true`), for a client that needs
 * nothing in between, under ONE idempotency record (the create's scope, its parameters marked
 * `confirm`). The intent's id is derived from the key, so a retry that takes the key over from a
 * try that died (or runs again after an unexpected error released it) finds that try's intent
 * and resumes it as a confirm's takeover does: learns from the PSP what its charge did, and
 * charges only if none happened. The common case, a card or external wallet: one read (payer,
 * PIN set?, payee, paid?, source, an earlier try's intent), the intent written already
 * processing, the PSP's charge, and its success settled with the key's answer in one statement;
 * each a plain statement on `Sql` (the hot path: no unit of work to pay for).
 */
@Injectable()
export class OneCallPayment {
  constructor(
    private readonly sql: Sql,
    private readonly intents: IntentAccess,
    private readonly confirmation: IntentConfirmation,
    private readonly eligibility: EligibilityService,
    private readonly pins: PinService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async createAndConfirm(ctx: RequestContext, input: CreateIntentInput, pin?: string): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    const { idempotencyKey, ...params } = input;
    const scope = actorScope(ctx, 'intent.create');
    const key = idempotencyKey ?? ctx.idempotencyKey;
    const hashed = { ...params, amountMinor: params.amountMinor.toString(), confirm: true };
    return this.idempotency.run(scope, key, hashed, async (run) => {
      checkNew(payerId, input);
      const id = key ? keyedId(scope, key) : newId();
      const using: ConfirmIntentInput = { fundingSourceId: input.fundingSourceId, pin };
      const facts = await this.payFacts(payerId, id, input);
      if (facts.existing) return this.resume(ctx, id, input, using, run);
      const problem = this.eligibility.problemOf({
        phoneVerifiedAt: facts.phone_verified_at,
        dateOfBirth: facts.date_of_birth,
        country: facts.country,
      });
      if (problem) throw new NotEligibleError(problem);
      const feeBps = this.eligibility.feeOf(input.businessId, facts);
      if (input.fundingSourceId && !facts.source_id) throw new FundingSourceNotFoundError();
      const captureMethod = input.captureMethod ?? 'automatic';
      if (facts.source_kind) checkKind(facts.source_kind, facts.source_currency, input.currency, captureMethod);
      if (facts.paid) throw new OrderAlreadyPaidError();
      const intent = newIntent(payerId, input, facts.source_id, feeBps, id);
      if (facts.source_kind === 'kedai_wallet' || !facts.psp_token) {
        // No source yet, or the Kedai wallet (the ledger moves it, under its own checks): the two steps as they are.
        await this.insertPaying(intent);
        return this.confirmation.confirmRun(ctx, id, using, true, run);
      }
      if (facts.pin_set) await this.pins.requireSet(ctx, pin);
      assertMove('requires_confirmation', 'processing');
      intent.state = 'processing';
      intent.attempt = 1;
      intent.processingSince = new Date();
      await this.insertPaying(intent);
      return this.confirmation.charge(intent, facts.psp_token, run);
    });
  }

  /**
   * What a one-call payment reads before it writes, in one statement: the payer's eligibility
   * fields, whether they have a PIN, the payee's payout account and fee, whether the purpose is
   * paid, the source (the one named, or the default), and whether an earlier try wrote the intent.
   */
  private async payFacts(payerId: string, intentId: string, input: CreateIntentInput): Promise<PayFacts> {
    const [row] = await this.sql.prepared<PayFacts>(
      `select p.phone_verified_at, p.date_of_birth::text as date_of_birth, p.country,
              exists (select 1 from payment_pin where person_id = p.id) as pin_set,
              exists (select 1 from payout_account where business_id = $1) as payee,
              (select platform_fee_bps from payout_account where business_id = $1) as fee_bps,
              exists (select 1 from payment_intent where purpose_kind = $2 and reference_id = $3
                        and state in ('processing', 'requires_capture', 'succeeded')) as paid,
              exists (select 1 from payment_intent where id = $4) as existing,
              s.id as source_id, s.kind as source_kind, s.currency as source_currency, s.psp_token
         from person p
         left join lateral (
           select f.id, f.kind, f.currency, f.psp_token from funding_source f
            where f.person_id = p.id and f.removed_at is null
              and case when $5::uuid is null then f.is_default else f.id = $5::uuid end
            limit 1) s on true
        where p.id = $6`,
      [input.businessId, input.purpose.kind, input.purpose.referenceId, intentId, input.fundingSourceId ?? null, payerId],
    );
    if (!row) throw new NotFoundError('Your account');
    return row;
  }

  /**
   * A one-call payment whose intent an earlier try of the key wrote: the same payment (or the key
   * reused for another, IDEMPOTENCY_MISMATCH), confirmed as a takeover: settled from the PSP if
   * that try's charge left it processing, charged only if no charge happened.
   */
  private async resume(
    ctx: RequestContext,
    id: string,
    input: CreateIntentInput,
    using: ConfirmIntentInput,
    run: IdempotentRun,
  ): Promise<IntentView> {
    const found = await this.intents.own(ctx.requirePerson(), id);
    const same =
      found.amountMinor === input.amountMinor &&
      found.currency === input.currency &&
      found.purposeKind === input.purpose.kind &&
      found.referenceId === input.purpose.referenceId &&
      found.businessId === input.businessId &&
      found.payeePersonId === (input.payeePersonId ?? null);
    if (!same) throw new IdempotencyMismatchError();
    return this.confirmation.confirmRun(ctx, id, using, true, { ...run, takeover: true });
  }

  /** Writes a new intent in one statement; a second payment of a paid (or paying) purpose is ORDER_ALREADY_PAID. */
  private async insertPaying(i: PaymentIntent): Promise<void> {
    try {
      await this.sql.prepared(
        `insert into payment_intent (id, payer_id, business_id, payee_person_id, purpose_kind, reference_id, amount_minor,
                                     currency, state, capture_method, funding_source_id, attempt, fee_bps, processing_since,
                                     created_at, updated_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          i.id,
          i.payerId,
          i.businessId,
          i.payeePersonId,
          i.purposeKind,
          i.referenceId,
          i.amountMinor.toString(),
          i.currency,
          i.state,
          i.captureMethod,
          i.fundingSourceId,
          i.attempt,
          i.feeBps,
          i.processingSince,
          i.createdAt,
          i.updatedAt,
        ],
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new OrderAlreadyPaidError();
      throw err;
    }
  }
}

/** What `createAndConfirm` reads in one statement. */
interface PayFacts {
  phone_verified_at: Date | null;
  date_of_birth: string | null;
  country: string | null;
  pin_set: boolean;
  payee: boolean;
  fee_bps: number | null;
  paid: boolean;
  existing: boolean;
  source_id: string | null;
  source_kind: string | null;
  source_currency: string | null;
  psp_token: string | null;
}
