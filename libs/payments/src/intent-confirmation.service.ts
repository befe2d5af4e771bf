import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { isUniqueViolation, OutboxService, Sql, type RequestContext } from '@kedai/core';
import { PaymentIntent } from './entities/payment-intent.entity';
import { FundingSource } from './entities/funding-source.entity';
import { EligibilityService } from './eligibility.service';
import { FundingSourceRequiredError, OrderAlreadyPaidError } from './errors';
import { FundingSourceService } from './funding-source.service';
import { actorScope, IdempotencyService, type IdempotentRun } from './idempotency.service';
import { IntentAccess } from './intent-access';
import { assertMove } from './intent-state-machine';
import { intentEvent, intentView, type IntentView } from './intent-view';
import { checkKind, type ConfirmIntentInput } from './payment-inputs';
import { intentSucceeded } from './payments.jobs';
import { PinService } from './pin.service';

import { PaymentProvider } from './psp/psp.port';
import { chargeReference, SettlementService } from './settlement.service';

/**
 * Paying an intent: the move to processing (one statement in the common case, a card chosen
 * already), the PSP's charge, and its answer settled; and settling an intent a crashed try left
 * processing by asking the PSP what its charge did.
 */
@Injectable()
export class IntentConfirmation {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
    private readonly intents: IntentAccess,
    private readonly eligibility: EligibilityService,
    private readonly sources: FundingSourceService,
    private readonly pins: PinService,
    private readonly idempotency: IdempotencyService,
    private readonly settlement: SettlementService,
    private readonly outbox: OutboxService,
    private readonly psp: PaymentProvider,
  ) {}

  /**
   * Pays: checks the PIN (when set) and eligibility, marks the intent processing and commits, then
   * asks the PSP. An answer that does not come leaves the intent processing for the webhook or the
   * reconciliation job; at most one charge per attempt (the PSP is idempotent on the reference).
   */
  async confirm(ctx: RequestContext, intentId: string, input: ConfirmIntentInput): Promise<IntentView> {
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(
      actorScope(ctx, 'intent.confirm'),
      key,
      { intentId, fundingSourceId: input.fundingSourceId ?? null },
      (run) => this.confirmRun(ctx, intentId, input, false, run),
    );
  }

  /**
   * `confirm`'s work, in the caller's idempotent run (a confirm's own, or a one-call payment's),
   * told whether the caller is known to be the intent's payer already (it created it in this call).
   */
  async confirmRun(
    ctx: RequestContext,
    intentId: string,
    input: ConfirmIntentInput,
    owned: boolean,
    run: IdempotentRun,
  ): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    if (!owned) await this.intents.own(payerId, intentId);
    await this.eligibility.assertPayer(ctx);
    await this.pins.requireIfSet(ctx, input.pin);
    if (run.takeover) {
      // The first try's process died mid-payment (its key's lease lapsed): learn from the PSP
      // what its charge did before going on, so the retry answers it instead of charging again.
      const left = await this.intents.find(intentId);
      if (left.state === 'processing') await this.settleWithPsp(left);
      const now = await this.intents.find(intentId);
      if (now.state !== 'requires_confirmation' && now.state !== 'requires_payment_method') return intentView(now);
    }
    const prepared =
      (!input.fundingSourceId && (await this.startCardCharge(payerId, intentId))) ||
      (await this.em.fork().transactional(async (tx) => {
        const intent = await this.intents.lockOwn(tx, payerId, intentId);
        if (input.fundingSourceId) {
          const source = await this.sources.own(tx, payerId, input.fundingSourceId);
          checkKind(source.kind, source.currency, intent.currency, intent.captureMethod);
          if (intent.state === 'requires_payment_method') this.settlement.move(intent, 'requires_confirmation');
          if (intent.state === 'requires_confirmation') intent.fundingSourceId = source.id;
        } else if (intent.state === 'requires_payment_method') {
          // A retry after a failure keeps the source it had; a fresh intent takes the default.
          const source = intent.fundingSourceId
            ? await this.sources.own(tx, payerId, intent.fundingSourceId)
            : await this.sources.defaultOf(tx, payerId);
          if (!source) throw new FundingSourceRequiredError();
          checkKind(source.kind, source.currency, intent.currency, intent.captureMethod);
          this.settlement.move(intent, 'requires_confirmation');
          intent.fundingSourceId = source.id;
        }
        this.settlement.move(intent, 'processing');
        intent.attempt += 1;
        intent.processingSince = new Date();
        intent.failureCode = null;
        intent.failureMessage = null;
        const source = await tx.findOneOrFail(FundingSource, { id: intent.fundingSourceId! });
        if (source.kind === 'kedai_wallet') {
          // Our own money: no PSP, the ledger moves it (and refuses if the wallet would go below zero).
          this.settlement.move(intent, 'succeeded');
          intent.amountAuthorized = intent.amountMinor;
          intent.amountCaptured = intent.amountMinor;
          await this.settlement.postCharge(tx, intent, intent.amountMinor, 'wallet');
          this.outbox.enqueue(tx, intentSucceeded, { ...intentEvent(intent), captured: intent.amountCaptured.toString() });
        }
        await flushPaying(tx);
        return { intent, token: source.pspToken };
      }));
    const { intent, token } = prepared;
    if (intent.state !== 'processing' || !token) return intentView(intent);
    return this.charge(intent, token, run);
  }

  /**
   * Asks the PSP to charge an intent this call moved to processing, and settles the answer. A
   * success is settled in one statement that also records the run's answer; any other outcome,
   * or a success someone else applied first, through the intent's lock. No answer: the intent
   * stays processing for the webhook or the reconciliation job.
   */
  async charge(intent: PaymentIntent, token: string, run: IdempotentRun): Promise<IntentView> {
    const outcome = await this.intents.callPsp('charge', () =>
      this.psp.charge({
        reference: chargeReference(intent),
        sourceToken: token,
        amountMinor: intent.amountMinor,
        currency: intent.currency,
        capture: intent.captureMethod === 'automatic',
      }),
    );
    if (!outcome) return this.intents.view(intent.id);
    const succeeded = await this.settlement.succeedCharged(intent, outcome, (guard, settled) =>
      run.answerIn(intentView(settled), guard),
    );
    if (succeeded) {
      run.answered();
      return intentView(succeeded);
    }
    // The settled intent as its lock read it (fresh, whoever applied the outcome first).
    const settled = await this.settlement.apply(intent.id, outcome);
    return settled ? intentView(settled) : this.intents.view(intent.id);
  }

  /**
   * Settles an intent left processing by asking the PSP what became of its charge: none (the PSP
   * never got it, nothing was taken) fails the attempt so the payer may try again; an outcome is
   * applied. True when the intent left processing; false while the PSP does not answer or still has it.
   */
  async settleWithPsp(row: { id: string; attempt: number }): Promise<boolean> {
    const outcome = await this.intents.callPsp('reconciliation', () => this.psp.findCharge(chargeReference(row)));
    if (outcome === undefined) return false;
    if (outcome === null) {
      await this.em.fork().transactional(async (tx) => {
        const intent = await this.intents.lock(tx, row.id);
        if (intent.state !== 'processing' || intent.attempt !== row.attempt) return;
        this.settlement.fail(tx, intent, 'psp_no_charge', 'The payment did not go through; please try again');
        await tx.flush();
      });
      return true;
    }
    const after = await this.settlement.apply(row.id, outcome);
    return !!after && after.state !== 'processing';
  }

  /**
   * The common confirmation in one statement: an intent waiting for confirmation with a card (or
   * an external wallet) already chosen moves to processing, as the transition table allows, and
   * answers the token to charge. The update is atomic by itself (its row lock and the order-paid
   * unique index decide races as the transaction above does), so no transaction wraps it. Null
   * when the intent is in any other case (another state, no source, a Kedai wallet, not the
   * payer's): the full transaction handles those and their refusals.
   */
  private async startCardCharge(
    payerId: string,
    intentId: string,
  ): Promise<{ intent: PaymentIntent; token: string | null } | null> {
    assertMove('requires_confirmation', 'processing');
    let rows: (Record<string, unknown> & { psp_token: string | null })[];
    try {
      rows = await this.sql.query(
        `with moved as (
           update payment_intent i set state = 'processing', attempt = i.attempt + 1, processing_since = now(),
               failure_code = null, failure_message = null, next_action = null, updated_at = now()
             where i.id = $1 and i.payer_id = $2 and i.state = 'requires_confirmation'
               and exists (select 1 from funding_source f where f.id = i.funding_source_id and f.kind <> 'kedai_wallet')
             returning i.*)
         select moved.*, f.psp_token from moved join funding_source f on f.id = moved.funding_source_id`,
        [intentId, payerId],
      );
    } catch (err) {
      if (isUniqueViolation(err)) throw new OrderAlreadyPaidError();
      throw err;
    }
    if (rows.length === 0) return null;
    const { psp_token: token, ...row } = rows[0];
    return { intent: this.em.fork().map(PaymentIntent, row), token };
  }
}

/** An order is paid at most once: the partial unique index refuses a second intent in flight or paid. */
async function flushPaying(tx: EntityManager): Promise<void> {
  try {
    await tx.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) throw new OrderAlreadyPaidError();
    throw err;
  }
}
