import { LockMode } from '@mikro-orm/core';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ForbiddenError,
  InvalidInputError,
  InvalidTransitionError,
  money,
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
  FundingSourceRequiredError,
  NotEligibleError,
  OrderAlreadyPaidError,
  PaymentIntentNotFoundError,
  PspUnavailableError,
} from './errors';
import { FundingSourceService } from './funding-source.service';
import { actorScope, IdempotencyService } from './idempotency.service';
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
        try {
          money(input.amountMinor, input.currency);
        } catch {
          throw new InvalidInputError([{ field: 'currency', messages: ['Use an ISO-4217 currency code'] }]);
        }
        if (input.amountMinor <= 0n || input.amountMinor > 10n ** 12n)
          throw new InvalidInputError([{ field: 'amount', messages: ['The amount must be a positive number of minor units'] }]);
        const transfer = input.purpose.kind === 'transfer';
        if (transfer !== !!input.payeePersonId || transfer === !!input.businessId)
          throw new InvalidInputError([
            { field: 'businessId', messages: ['A payment goes to a business, a transfer to a person'] },
          ]);
        if (input.payeePersonId === payerId) throw new NotEligibleError('SELF_PAYMENT');
        await this.eligibility.assertPayer(ctx);
        // Transfers between people carry no platform fee; the P2P module checks the payee itself.
        const { feeBps, paid } = await this.eligibility.assertPayee(input.businessId, input.purpose);
        const source = input.fundingSourceId
          ? await this.sources.own(this.em, payerId, input.fundingSourceId)
          : await this.sources.defaultOf(this.em, payerId);
        if (source) this.checkSource(source, input.currency, input.captureMethod ?? 'automatic');
        if (paid) throw new OrderAlreadyPaidError();
        const intent = new PaymentIntent({
          payerId,
          businessId: input.businessId,
          payeePersonId: input.payeePersonId ?? null,
          purposeKind: input.purpose.kind,
          referenceId: input.purpose.referenceId,
          amountMinor: input.amountMinor,
          currency: input.currency,
          captureMethod: input.captureMethod ?? 'automatic',
          fundingSourceId: source?.id ?? null,
          feeBps,
        });
        // One statement, atomic by itself: no transaction around it.
        await this.em.fork().insert(intent);
        return intentView(intent);
      },
    );
  }

  /**
   * Creates an intent and pays it in one call (Stripe's `confirm: true`), for a client that needs
   * nothing in between. Each step keeps its own idempotency record under the one key (their
   * scopes differ), so a replay gets the same intent and the first payment's outcome.
   */
  async createAndConfirm(ctx: RequestContext, input: CreateIntentInput, pin?: string): Promise<IntentView> {
    const created = await this.createIntent(ctx, input);
    const using = { fundingSourceId: input.fundingSourceId, pin, idempotencyKey: input.idempotencyKey };
    return this.confirmOwn(ctx, created.id, using, created.payerId === ctx.requirePerson());
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
    const payerId = ctx.requirePerson();
    const key = input.idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(
      actorScope(ctx, 'intent.confirm'),
      key,
      { intentId, fundingSourceId: input.fundingSourceId ?? null },
      async ({ takeover }) => {
        if (!owned) await this.own(payerId, intentId);
        await this.eligibility.assertPayer(ctx);
        await this.pins.requireIfSet(ctx, input.pin);
        if (takeover) {
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
        const outcome = await this.callPsp('charge', () =>
          this.psp.charge({
            reference: chargeReference(intent),
            sourceToken: token,
            amountMinor: intent.amountMinor,
            currency: intent.currency,
            capture: intent.captureMethod === 'automatic',
          }),
        );
        if (!outcome) return this.getView(intentId);
        // The settled intent as its lock read it (fresh, whoever applied the outcome first).
        const settled = await this.settlement.apply(intentId, outcome);
        return settled ? intentView(settled) : this.getView(intentId);
      },
    );
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
    if (source.kind === 'kedai_wallet' && source.currency !== currency) throw new CurrencyMismatchError();
    if (source.kind === 'kedai_wallet' && capture === 'manual')
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
