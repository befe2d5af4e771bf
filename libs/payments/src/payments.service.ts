import { LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  money,
  newId,
  NotFoundError,
  OutboxService,
  withTimeout,
  type RequestContext,
} from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { PaymentIntent, type CaptureMethod, type PurposeKind } from './entities/payment-intent.entity';
import { FundingSource } from './entities/funding-source.entity';
import { EligibilityService } from './eligibility.service';
import {
  AmountTooLargeError,
  CurrencyMismatchError,
  FundingSourceNotFoundError,
  FundingSourceRequiredError,
  IdempotencyMismatchError,
  NotEligibleError,
  OrderAlreadyPaidError,
  PaymentIntentNotFoundError,
  PspUnavailableError,
} from './errors';
import { FundingSourceService } from './funding-source.service';
import { actorScope, IdempotencyService, keyedId, type IdempotentRun } from './idempotency.service';
import { CANCELABLE, assertMove } from './intent-state-machine';
import { intentEvent, intentView, type IntentView } from './intent-view';
import { intentCanceled, intentSucceeded } from './payments.jobs';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { PinService } from './pin.service';
import { PaymentProvider, PspTimeout } from './psp/psp.port';
import { chargeReference, SettlementService } from './settlement.service';

export interface CreateIntentInput {
  amountMinor: bigint;
  currency: string;
  purpose: { kind: PurposeKind; referenceId: string };
  /** The payee business; null for a person-to-person transfer, which names `payeePersonId` instead. */
  businessId: string | null;
  /** For purpose kind 'transfer' only: the person whose Kedai wallet receives the money (no fee). */
  payeePersonId?: string | null;
  captureMethod?: CaptureMethod;
  fundingSourceId?: string;
  idempotencyKey?: string;
}

export interface ConfirmIntentInput {
  fundingSourceId?: string;
  pin?: string;
  idempotencyKey?: string;
}

/**
 * Payment intents: what checkout (and later P2P) calls to collect money. Every state change
 * commits with an outbox job (payments.intent-succeeded, -authorized, -failed, -canceled), which
 * is how other domains learn that an order was paid.
 */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly eligibility: EligibilityService,
    private readonly sources: FundingSourceService,
    private readonly pins: PinService,
    private readonly idempotency: IdempotencyService,
    private readonly settlement: SettlementService,
    private readonly outbox: OutboxService,
    private readonly psp: PaymentProvider,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  /** Creates an intent for the signed-in payer. Checks both sides' eligibility and that the purpose is not paid already. */
  async createIntent(ctx: RequestContext, input: CreateIntentInput): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    const { idempotencyKey, ...params } = input;
    return this.idempotency.run(
      actorScope(ctx, 'intent.create'),
      idempotencyKey ?? ctx.idempotencyKey,
      { ...params, amountMinor: params.amountMinor.toString() },
      async () => {
        checkNew(payerId, input);
        await this.eligibility.assertPayer(ctx);
        // Transfers between people carry no platform fee; the P2P module checks the payee itself.
        const { feeBps, paid } = await this.eligibility.assertPayee(input.businessId, input.purpose);
        const source = input.fundingSourceId
          ? await this.sources.own(this.em, payerId, input.fundingSourceId)
          : await this.sources.defaultOf(this.em, payerId);
        if (source) this.checkSource(source, input.currency, input.captureMethod ?? 'automatic');
        if (paid) throw new OrderAlreadyPaidError();
        const intent = newIntent(payerId, input, source?.id ?? null, feeBps);
        // One statement, atomic by itself: no transaction around it.
        await this.em.fork().insert(intent);
        return intentView(intent);
      },
    );
  }

  /**
   * Creates an intent and pays it in one call (Stripe's `confirm: true`), for a client that needs
   * nothing in between, under ONE idempotency record (the create's scope, its parameters marked
   * `confirm`). The intent's id is derived from the key, so a retry that takes the key over from a
   * try that died (or runs again after an unexpected error released it) finds that try's intent
   * and resumes it as a confirm's takeover does: learns from the PSP what its charge did, and
   * charges only if none happened. The common case, a card or external wallet: one read (payer,
   * PIN set?, payee, paid?, source, an earlier try's intent), the intent written already
   * processing, the PSP's charge, and its success settled with the key's answer in one statement.
   */
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
      if (facts.source_kind) this.checkKind(facts.source_kind, facts.source_currency, input.currency, captureMethod);
      if (facts.paid) throw new OrderAlreadyPaidError();
      const intent = newIntent(payerId, input, facts.source_id, feeBps, id);
      if (facts.source_kind === 'kedai_wallet' || !facts.psp_token) {
        // No source yet, or the Kedai wallet (the ledger moves it, under its own checks): the two steps as they are.
        await this.insertPaying(intent);
        return this.confirmRun(ctx, id, using, true, run);
      }
      if (facts.pin_set) await this.pins.requireSet(ctx, pin);
      assertMove('requires_confirmation', 'processing');
      intent.state = 'processing';
      intent.attempt = 1;
      intent.processingSince = new Date();
      await this.insertPaying(intent);
      return this.charge(intent, facts.psp_token, run);
    });
  }

  /**
   * What a one-call payment reads before it writes, in one statement: the payer's eligibility
   * fields, whether they have a PIN, the payee's payout account and fee, whether the purpose is
   * paid, the source (the one named, or the default), and whether an earlier try wrote the intent.
   */
  private async payFacts(payerId: string, intentId: string, input: CreateIntentInput): Promise<PayFacts> {
    const [row] = await this.em.fork().execute<PayFacts[]>(
      `select p.phone_verified_at, p.date_of_birth::text as date_of_birth, p.country,
              exists (select 1 from payment_pin where person_id = p.id) as pin_set,
              exists (select 1 from payout_account where business_id = ?) as payee,
              (select platform_fee_bps from payout_account where business_id = ?) as fee_bps,
              exists (select 1 from payment_intent where purpose_kind = ? and reference_id = ?
                        and state in ('processing', 'requires_capture', 'succeeded')) as paid,
              exists (select 1 from payment_intent where id = ?) as existing,
              s.id as source_id, s.kind as source_kind, s.currency as source_currency, s.psp_token
         from person p
         left join lateral (
           select f.id, f.kind, f.currency, f.psp_token from funding_source f
            where f.person_id = p.id and f.removed_at is null
              and case when ?::uuid is null then f.is_default else f.id = ?::uuid end
            limit 1) s on true
        where p.id = ?`,
      [
        input.businessId,
        input.businessId,
        input.purpose.kind,
        input.purpose.referenceId,
        intentId,
        input.fundingSourceId ?? null,
        input.fundingSourceId ?? null,
        payerId,
      ],
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
    const found = await this.own(ctx.requirePerson(), id);
    const same =
      found.amountMinor === input.amountMinor &&
      found.currency === input.currency &&
      found.purposeKind === input.purpose.kind &&
      found.referenceId === input.purpose.referenceId &&
      found.businessId === input.businessId &&
      found.payeePersonId === (input.payeePersonId ?? null);
    if (!same) throw new IdempotencyMismatchError();
    return this.confirmRun(ctx, id, using, true, { ...run, takeover: true });
  }

  /** Writes a new intent in one statement; a second payment of a paid (or paying) purpose is ORDER_ALREADY_PAID. */
  private async insertPaying(intent: PaymentIntent): Promise<void> {
    try {
      await this.em.fork().insert(intent);
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new OrderAlreadyPaidError();
      throw err;
    }
  }

  /** The payer, or a member of the payee business who may read its orders. */
  async getIntent(ctx: RequestContext, id: string): Promise<IntentView> {
    return intentView(await this.visible(ctx, id));
  }

  /**
   * The payment that paid (or is paying) each of these purposes: at most one each (a unique index).
   * No access check: for callers that already let the caller see the purpose, as an order's
   * payment read through the order.
   */
  async paidFor(kind: PurposeKind, referenceIds: string[]): Promise<IntentView[]> {
    if (referenceIds.length === 0) return [];
    const rows = await this.em.fork().find(PaymentIntent, {
      purposeKind: kind,
      referenceId: { $in: referenceIds },
      state: { $in: ['processing', 'requires_capture', 'succeeded'] },
    });
    return rows.map(intentView);
  }

  /** The caller's own payments (as payer), newest first: for the support bot's look-ups. */
  async mine(ctx: RequestContext, first: number, businessId?: string | null): Promise<IntentView[]> {
    const payerId = ctx.requirePerson();
    const rows = await this.em
      .fork()
      .find(PaymentIntent, { payerId, ...(businessId && { businessId }) }, { orderBy: { createdAt: 'desc' }, limit: first });
    return rows.map(intentView);
  }

  /**
   * Pays: checks the PIN (when set) and eligibility, marks the intent processing and commits, then
   * asks the PSP. An answer that does not come leaves the intent processing for the webhook or the
   * reconciliation job; at most one charge per attempt (the PSP is idempotent on the reference).
   */
  async confirm(ctx: RequestContext, intentId: string, input: ConfirmIntentInput): Promise<IntentView> {
    return this.confirmOwn(ctx, intentId, input, false);
  }

  /** `confirm`, told whether the caller is known to be the intent's payer already (it created it in this call). */
  private async confirmOwn(
    ctx: RequestContext,
    intentId: string,
    input: ConfirmIntentInput,
    owned: boolean,
  ): Promise<IntentView> {
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(
      actorScope(ctx, 'intent.confirm'),
      key,
      { intentId, fundingSourceId: input.fundingSourceId ?? null },
      (run) => this.confirmRun(ctx, intentId, input, owned, run),
    );
  }

  /** `confirm`'s work, in the caller's idempotent run (a confirm's own, or a one-call payment's). */
  private async confirmRun(
    ctx: RequestContext,
    intentId: string,
    input: ConfirmIntentInput,
    owned: boolean,
    run: IdempotentRun,
  ): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    if (!owned) await this.own(payerId, intentId);
    await this.eligibility.assertPayer(ctx);
    await this.pins.requireIfSet(ctx, input.pin);
    if (run.takeover) {
      // The first try's process died mid-payment (its key's lease lapsed): learn from the PSP
      // what its charge did before going on, so the retry answers it instead of charging again.
      const left = await this.find(intentId);
      if (left.state === 'processing') await this.settleWithPsp(left);
      const now = await this.find(intentId);
      if (now.state !== 'requires_confirmation' && now.state !== 'requires_payment_method') return intentView(now);
    }
    const prepared =
      (!input.fundingSourceId && (await this.startCardCharge(payerId, intentId))) ||
      (await this.em.fork().transactional(async (tx) => {
        const intent = await this.lockOwn(tx, payerId, intentId);
        if (input.fundingSourceId) {
          const source = await this.sources.own(tx, payerId, input.fundingSourceId);
          this.checkSource(source, intent.currency, intent.captureMethod);
          if (intent.state === 'requires_payment_method') this.settlement.move(intent, 'requires_confirmation');
          if (intent.state === 'requires_confirmation') intent.fundingSourceId = source.id;
        } else if (intent.state === 'requires_payment_method') {
          // A retry after a failure keeps the source it had; a fresh intent takes the default.
          const source = intent.fundingSourceId
            ? await this.sources.own(tx, payerId, intent.fundingSourceId)
            : await this.sources.defaultOf(tx, payerId);
          if (!source) throw new FundingSourceRequiredError();
          this.checkSource(source, intent.currency, intent.captureMethod);
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
        await this.flushPaying(tx);
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
  private async charge(intent: PaymentIntent, token: string, run: IdempotentRun): Promise<IntentView> {
    const outcome = await this.callPsp('charge', () =>
      this.psp.charge({
        reference: chargeReference(intent),
        sourceToken: token,
        amountMinor: intent.amountMinor,
        currency: intent.currency,
        capture: intent.captureMethod === 'automatic',
      }),
    );
    if (!outcome) return this.getView(intent.id);
    const succeeded = await this.settlement.succeedCharged(intent, outcome, (guard, settled) =>
      run.answerIn(intentView(settled), guard),
    );
    if (succeeded) {
      run.answered();
      return intentView(succeeded);
    }
    // The settled intent as its lock read it (fresh, whoever applied the outcome first).
    const settled = await this.settlement.apply(intent.id, outcome);
    return settled ? intentView(settled) : this.getView(intent.id);
  }

  /**
   * The common confirmation in one statement: an intent waiting for confirmation with a card (or
   * an external wallet) already chosen moves to processing, as the transition table allows, and
   * answers the token to charge. The update is atomic by itself (its row lock and the order-paid
   * unique index decide races as the transaction below does), so no transaction wraps it. Null
   * when the intent is in any other case (another state, no source, a Kedai wallet, not the
   * payer's): the full transaction handles those and their refusals.
   */
  private async startCardCharge(
    payerId: string,
    intentId: string,
  ): Promise<{ intent: PaymentIntent; token: string | null } | null> {
    assertMove('requires_confirmation', 'processing');
    const em = this.em.fork();
    let rows: (Record<string, unknown> & { psp_token: string | null })[];
    try {
      rows = await em.execute(
        `with moved as (
           update payment_intent i set state = 'processing', attempt = i.attempt + 1, processing_since = now(),
               failure_code = null, failure_message = null, next_action = null, updated_at = now()
             where i.id = ? and i.payer_id = ? and i.state = 'requires_confirmation'
               and exists (select 1 from funding_source f where f.id = i.funding_source_id and f.kind <> 'kedai_wallet')
             returning i.*)
         select moved.*, f.psp_token from moved join funding_source f on f.id = moved.funding_source_id`,
        [intentId, payerId],
      );
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new OrderAlreadyPaidError();
      throw err;
    }
    if (rows.length === 0) return null;
    const { psp_token: token, ...row } = rows[0];
    return { intent: em.map(PaymentIntent, row), token };
  }

  /** The payer's answer to a 3-D Secure challenge (the simulator's stand-in for the issuer's page). */
  async completeThreeDS(ctx: RequestContext, intentId: string, passed: boolean): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    const intent = await this.em.fork().transactional(async (tx) => {
      const i = await this.lockOwn(tx, payerId, intentId);
      if (i.state !== 'requires_action' || !i.pspChargeId) throw new InvalidTransitionError('A payment', i.state, 'processing');
      return i;
    });
    const outcome = await this.callPsp('3-D Secure', () => this.psp.completeChallenge(intent.pspChargeId!, passed));
    if (outcome) await this.settlement.apply(intentId, outcome);
    return this.getView(intentId);
  }

  /** The merchant collects an authorised amount (at most what was authorised); needs orders:refund. */
  async capture(ctx: RequestContext, intentId: string, amountMinor?: bigint, idempotencyKey?: string): Promise<IntentView> {
    const found = await this.find(intentId);
    await this.requireMerchant(ctx, found, 'orders:refund');
    const key = idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(
      actorScope(ctx, 'intent.capture'),
      key,
      { intentId, amount: amountMinor?.toString() ?? null },
      async () => {
        const current = await this.find(intentId);
        if (current.state !== 'requires_capture') throw new InvalidTransitionError('A payment', current.state, 'succeeded');
        const amount = amountMinor ?? current.amountAuthorized;
        if (amount <= 0n) throw new InvalidInputError([{ field: 'amount', messages: ['Capture a positive amount'] }]);
        if (amount > current.amountAuthorized) throw new AmountTooLargeError('was authorised');
        const outcome = await this.callPsp('capture', () => this.psp.capture(current.pspChargeId!, amount));
        if (!outcome) throw new PspUnavailableError();
        return this.em.fork().transactional(async (tx) => {
          const intent = await this.lock(tx, intentId);
          if (intent.state === 'succeeded') return intentView(intent);
          this.settlement.move(intent, 'succeeded');
          intent.amountCaptured = amount;
          await this.settlement.postCharge(tx, intent, amount, 'psp');
          this.outbox.enqueue(tx, intentSucceeded, { ...intentEvent(intent), captured: amount.toString() });
          await tx.flush();
          return intentView(intent);
        });
      },
    );
  }

  /** The payer (before it is paid) or the merchant (orders:refund) cancels; an authorisation is voided at the PSP. */
  async cancel(ctx: RequestContext, intentId: string): Promise<IntentView> {
    const found = await this.find(intentId);
    const isPayer = ctx.actor.kind === 'person' && ctx.actor.personId === found.payerId;
    if (!isPayer) await this.requireMerchant(ctx, found, 'orders:refund');
    if (!CANCELABLE.includes(found.state)) assertMove(found.state, 'canceled');
    if (found.pspChargeId && (found.state === 'requires_capture' || found.state === 'requires_action')) {
      const voided = await this.callPsp('cancel', () => this.psp.cancel(found.pspChargeId!));
      if (!voided) throw new PspUnavailableError();
    }
    return this.em.fork().transactional(async (tx) => {
      const intent = await this.lock(tx, intentId);
      this.settlement.move(intent, 'canceled');
      this.outbox.enqueue(tx, intentCanceled, intentEvent(intent));
      await tx.flush();
      return intentView(intent);
    });
  }

  /** Settles intents stuck in processing by asking the PSP what became of their charge. Worker only. */
  async reconcileStuck(ctx: RequestContext, limit = 100): Promise<number> {
    if (!ctx.isSystem) throw new ForbiddenError();
    const stuck = await this.em.fork().execute<{ id: string; attempt: number }[]>(
      `select id, attempt from payment_intent where state = 'processing' and processing_since < now() - make_interval(secs => ?)
        order by processing_since limit ?`,
      [this.config.reconcileAfterS, limit],
    );
    let settled = 0;
    for (const row of stuck) if (await this.settleWithPsp(row)) settled += 1;
    return settled;
  }

  /**
   * Settles an intent left processing by asking the PSP what became of its charge: none (the PSP
   * never got it, nothing was taken) fails the attempt so the payer may try again; an outcome is
   * applied. True when the intent left processing; false while the PSP does not answer or still has it.
   */
  private async settleWithPsp(row: { id: string; attempt: number }): Promise<boolean> {
    const outcome = await this.callPsp('reconciliation', () => this.psp.findCharge(chargeReference(row)));
    if (outcome === undefined) return false;
    if (outcome === null) {
      await this.em.fork().transactional(async (tx) => {
        const intent = await this.lock(tx, row.id);
        if (intent.state !== 'processing' || intent.attempt !== row.attempt) return;
        this.settlement.fail(tx, intent, 'psp_no_charge', 'The payment did not go through; please try again');
        await tx.flush();
      });
      return true;
    }
    const after = await this.settlement.apply(row.id, outcome);
    return !!after && after.state !== 'processing';
  }

  private checkSource(source: FundingSource, currency: string, capture: CaptureMethod): void {
    this.checkKind(source.kind, source.currency, currency, capture);
  }

  private checkKind(kind: string, sourceCurrency: string | null, currency: string, capture: CaptureMethod): void {
    if (kind === 'kedai_wallet' && sourceCurrency !== currency) throw new CurrencyMismatchError();
    if (kind === 'kedai_wallet' && capture === 'manual')
      throw new InvalidInputError([{ field: 'captureMethod', messages: ['A Kedai wallet pays at once; use automatic capture'] }]);
  }

  /** An order is paid at most once: the partial unique index refuses a second intent in flight or paid. */
  private async flushPaying(tx: EntityManager): Promise<void> {
    try {
      await tx.flush();
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new OrderAlreadyPaidError();
      throw err;
    }
  }

  /**
   * Calls the PSP within PSP_TIMEOUT_MS. A timeout (or a lost answer) returns undefined: the
   * outcome is unknown, and the webhook or the reconciliation job settles it.
   */
  private async callPsp<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await withTimeout(call(), this.config.pspTimeoutMs, `PSP ${what}`);
    } catch (err) {
      if (err instanceof PspTimeout || (err instanceof Error && err.message.includes('no answer within'))) {
        this.logger.warn({ what }, 'PSP did not answer; left for reconciliation');
        return undefined;
      }
      throw err;
    }
  }

  private async requireMerchant(
    ctx: RequestContext,
    intent: PaymentIntent,
    permission: 'orders:read' | 'orders:refund',
  ): Promise<void> {
    if (!intent.businessId) throw new PaymentIntentNotFoundError();
    if (!(await this.access.can(ctx, intent.businessId, permission))) {
      // Someone else's payment does not exist, as far as a stranger can tell.
      if (ctx.actor.kind === 'anonymous') ctx.requirePerson();
      throw new PaymentIntentNotFoundError();
    }
  }

  private async visible(ctx: RequestContext, id: string): Promise<PaymentIntent> {
    const intent = await this.find(id);
    if (ctx.actor.kind === 'person' && ctx.actor.personId === intent.payerId) return intent;
    await this.requireMerchant(ctx, intent, 'orders:read');
    return intent;
  }

  private async find(id: string): Promise<PaymentIntent> {
    const intent = await this.em.fork().findOne(PaymentIntent, { id });
    if (!intent) throw new PaymentIntentNotFoundError();
    return intent;
  }

  private async own(payerId: string, id: string): Promise<PaymentIntent> {
    const intent = await this.find(id);
    if (intent.payerId !== payerId) throw new PaymentIntentNotFoundError();
    return intent;
  }

  private async lock(tx: EntityManager, id: string): Promise<PaymentIntent> {
    const intent = await tx.findOne(PaymentIntent, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!intent) throw new PaymentIntentNotFoundError();
    return intent;
  }

  private async lockOwn(tx: EntityManager, payerId: string, id: string): Promise<PaymentIntent> {
    const intent = await this.lock(tx, id);
    if (intent.payerId !== payerId) throw new PaymentIntentNotFoundError();
    return intent;
  }

  private async getView(id: string): Promise<IntentView> {
    return intentView(await this.find(id));
  }
}

/**
 * The id `createAndConfirm` gives the intent of this person's one-call payment with this key
 * (its scope is `actorScope`'s for a person), for a caller that names the payment before it pays.
 */
export function oneCallIntentId(payerId: string, key: string): string {
  return keyedId(`person:${payerId}:intent.create`, key);
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

function newIntent(
  payerId: string,
  input: CreateIntentInput,
  fundingSourceId: string | null,
  feeBps: number,
  id?: string,
): PaymentIntent {
  return new PaymentIntent({
    id,
    payerId,
    businessId: input.businessId,
    payeePersonId: input.payeePersonId ?? null,
    purposeKind: input.purpose.kind,
    referenceId: input.purpose.referenceId,
    amountMinor: input.amountMinor,
    currency: input.currency,
    captureMethod: input.captureMethod ?? 'automatic',
    fundingSourceId,
    feeBps,
  });
}

/** A new intent's own checks: a real currency, a positive amount, a business or a person paid, never oneself. */
function checkNew(payerId: string, input: CreateIntentInput): void {
  try {
    money(input.amountMinor, input.currency);
  } catch {
    throw new InvalidInputError([{ field: 'currency', messages: ['Use an ISO-4217 currency code'] }]);
  }
  if (input.amountMinor <= 0n || input.amountMinor > 10n ** 12n)
    throw new InvalidInputError([{ field: 'amount', messages: ['The amount must be a positive number of minor units'] }]);
  const transfer = input.purpose.kind === 'transfer';
  if (transfer !== !!input.payeePersonId || transfer === !!input.businessId)
    throw new InvalidInputError([{ field: 'businessId', messages: ['A payment goes to a business, a transfer to a person'] }]);
  if (input.payeePersonId === payerId) throw new NotEligibleError('SELF_PAYMENT');
}
