import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { withTimeout, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { PaymentIntent } from './entities/payment-intent.entity';
import { PaymentIntentNotFoundError } from './errors';
import { intentView, type IntentView } from './intent-view';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { PspTimeout } from './psp/psp.port';

/**
 * Reading and locking intents for the payer or the payee business, and calling the PSP within its
 * timeout: what every intent operation (create, confirm, capture, cancel, reconcile) shares.
 */
@Injectable()
export class IntentAccess {
  private readonly logger = new Logger('PaymentsService');

  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  /**
   * Calls the PSP within PSP_TIMEOUT_MS. A timeout (or a lost answer) returns undefined: the
   * outcome is unknown, and the webhook or the reconciliation job settles it.
   */
  async callPsp<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
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

  async requireMerchant(ctx: RequestContext, intent: PaymentIntent, permission: 'orders:read' | 'orders:refund'): Promise<void> {
    if (!intent.businessId) throw new PaymentIntentNotFoundError();
    if (!(await this.access.can(ctx, intent.businessId, permission))) {
      // Someone else's payment does not exist, as far as a stranger can tell.
      if (ctx.actor.kind === 'anonymous') ctx.requirePerson();
      throw new PaymentIntentNotFoundError();
    }
  }

  /** The payer, or a member of the payee business who may read its orders. */
  async visible(ctx: RequestContext, id: string): Promise<PaymentIntent> {
    const intent = await this.find(id);
    if (ctx.actor.kind === 'person' && ctx.actor.personId === intent.payerId) return intent;
    await this.requireMerchant(ctx, intent, 'orders:read');
    return intent;
  }

  async find(id: string): Promise<PaymentIntent> {
    const intent = await this.em.fork().findOne(PaymentIntent, { id });
    if (!intent) throw new PaymentIntentNotFoundError();
    return intent;
  }

  async own(payerId: string, id: string): Promise<PaymentIntent> {
    const intent = await this.find(id);
    if (intent.payerId !== payerId) throw new PaymentIntentNotFoundError();
    return intent;
  }

  async lock(tx: EntityManager, id: string): Promise<PaymentIntent> {
    const intent = await tx.findOne(PaymentIntent, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!intent) throw new PaymentIntentNotFoundError();
    return intent;
  }

  async lockOwn(tx: EntityManager, payerId: string, id: string): Promise<PaymentIntent> {
    const intent = await this.lock(tx, id);
    if (intent.payerId !== payerId) throw new PaymentIntentNotFoundError();
    return intent;
  }

  async view(id: string): Promise<IntentView> {
    return intentView(await this.find(id));
  }
}
