import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, InvalidTransitionError, OutboxService, Sql, type RequestContext } from '@kedai/core';
import { PaymentIntent, type PurposeKind } from './entities/payment-intent.entity';
import { EligibilityService } from './eligibility.service';
import { AmountTooLargeError, OrderAlreadyPaidError, PspUnavailableError } from './errors';
import { FundingSourceService } from './funding-source.service';
import { actorScope, IdempotencyService } from './idempotency.service';
import { IntentAccess } from './intent-access';
import { IntentConfirmation } from './intent-confirmation.service';
import { CANCELABLE, assertMove } from './intent-state-machine';
import { intentEvent, intentView, type IntentView } from './intent-view';
import { OneCallPayment } from './one-call-payment.service';
import { checkKind, checkNew, newIntent, type ConfirmIntentInput, type CreateIntentInput } from './payment-inputs';
import { intentCanceled, intentSucceeded } from './payments.jobs';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { PaymentProvider } from './psp/psp.port';
import { SettlementService } from './settlement.service';

export { oneCallIntentId, type ConfirmIntentInput, type CreateIntentInput } from './payment-inputs';

/**
 * Payment intents: what checkout and P2P call to collect money. Every state change commits with
 * an outbox job (payments.intent-succeeded, -authorized, -failed, -canceled), which is how other
 * domains learn that an order was paid. Paying lives in IntentConfirmation (confirm) and
 * OneCallPayment (create and confirm in one call); this is the module's one public face.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly em: EntityManager,
    private readonly intents: IntentAccess,
    private readonly confirmation: IntentConfirmation,
    private readonly oneCall: OneCallPayment,
    private readonly eligibility: EligibilityService,
    private readonly sources: FundingSourceService,
    private readonly idempotency: IdempotencyService,
    private readonly settlement: SettlementService,
    private readonly outbox: OutboxService,
    private readonly psp: PaymentProvider,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
    private readonly sql: Sql,
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
        if (source) checkKind(source.kind, source.currency, input.currency, input.captureMethod ?? 'automatic');
        if (paid) throw new OrderAlreadyPaidError();
        const intent = newIntent(payerId, input, source?.id ?? null, feeBps);
        // One statement, atomic by itself: no transaction around it.
        await this.em.fork().insert(intent);
        return intentView(intent);
      },
    );
  }

  /** Creates an intent and pays it in one call; see OneCallPayment. */
  async createAndConfirm(ctx: RequestContext, input: CreateIntentInput, pin?: string): Promise<IntentView> {
    return this.oneCall.createAndConfirm(ctx, input, pin);
  }

  /** The payer, or a member of the payee business who may read its orders. */
  async getIntent(ctx: RequestContext, id: string): Promise<IntentView> {
    return intentView(await this.intents.visible(ctx, id));
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

  /**
   * The caller's own payments (as payer), newest first: for the support bot's look-ups, on the hot
   * path of its answers, so a plain read (Sql) straight into views, without entities.
   */
  async mine(ctx: RequestContext, first: number, businessId?: string | null): Promise<IntentView[]> {
    const payerId = ctx.requirePerson();
    // Read under the view's own names (amounts as text: its strings of minor units), so only the date is left to convert.
    const rows = await this.sql.prepared<Omit<IntentView, 'createdAt'> & { createdAt: Date }>(
      `select id, state, amount_minor::text as amount, currency, amount_authorized::text as "amountAuthorized",
              amount_captured::text as "amountCaptured", amount_refunded::text as "amountRefunded",
              amount_disputed::text as "amountDisputed", json_build_object('kind', purpose_kind, 'referenceId', reference_id) as purpose,
              business_id as "businessId", payer_id as "payerId", capture_method as "captureMethod",
              funding_source_id as "fundingSourceId", next_action as "nextAction", failure_code as "failureCode",
              failure_message as "failureMessage", created_at as "createdAt"
         from payment_intent where payer_id = $1 and ($2::uuid is null or business_id = $2::uuid)
        order by created_at desc limit $3`,
      [payerId, businessId || null, first],
    );
    return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
  }

  /** Pays an intent; see IntentConfirmation. */
  async confirm(ctx: RequestContext, intentId: string, input: ConfirmIntentInput): Promise<IntentView> {
    return this.confirmation.confirm(ctx, intentId, input);
  }

  /** The payer's answer to a 3-D Secure challenge (the simulator's stand-in for the issuer's page). */
  async completeThreeDS(ctx: RequestContext, intentId: string, passed: boolean): Promise<IntentView> {
    const payerId = ctx.requirePerson();
    const intent = await this.em.fork().transactional(async (tx) => {
      const i = await this.intents.lockOwn(tx, payerId, intentId);
      if (i.state !== 'requires_action' || !i.pspChargeId) throw new InvalidTransitionError('A payment', i.state, 'processing');
      return i;
    });
    const outcome = await this.intents.callPsp('3-D Secure', () => this.psp.completeChallenge(intent.pspChargeId!, passed));
    if (outcome) await this.settlement.apply(intentId, outcome);
    return this.intents.view(intentId);
  }

  /** The merchant collects an authorised amount (at most what was authorised); needs orders:refund. */
  async capture(ctx: RequestContext, intentId: string, amountMinor?: bigint, idempotencyKey?: string): Promise<IntentView> {
    const found = await this.intents.find(intentId);
    await this.intents.requireMerchant(ctx, found, 'orders:refund');
    const key = idempotencyKey ?? ctx.idempotencyKey;
    return this.idempotency.run(
      actorScope(ctx, 'intent.capture'),
      key,
      { intentId, amount: amountMinor?.toString() ?? null },
      async () => {
        const current = await this.intents.find(intentId);
        if (current.state !== 'requires_capture') throw new InvalidTransitionError('A payment', current.state, 'succeeded');
        const amount = amountMinor ?? current.amountAuthorized;
        if (amount <= 0n) throw new InvalidInputError([{ field: 'amount', messages: ['Capture a positive amount'] }]);
        if (amount > current.amountAuthorized) throw new AmountTooLargeError('was authorised');
        const outcome = await this.intents.callPsp('capture', () => this.psp.capture(current.pspChargeId!, amount));
        if (!outcome) throw new PspUnavailableError();
        return this.em.fork().transactional(async (tx) => {
          const intent = await this.intents.lock(tx, intentId);
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
    const found = await this.intents.find(intentId);
    const isPayer = ctx.actor.kind === 'person' && ctx.actor.personId === found.payerId;
    if (!isPayer) await this.intents.requireMerchant(ctx, found, 'orders:refund');
    if (!CANCELABLE.includes(found.state)) assertMove(found.state, 'canceled');
    if (found.pspChargeId && (found.state === 'requires_capture' || found.state === 'requires_action')) {
      const voided = await this.intents.callPsp('cancel', () => this.psp.cancel(found.pspChargeId!));
      if (!voided) throw new PspUnavailableError();
    }
    return this.em.fork().transactional(async (tx) => {
      const intent = await this.intents.lock(tx, intentId);
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
    for (const row of stuck) if (await this.confirmation.settleWithPsp(row)) settled += 1;
    return settled;
  }
}
