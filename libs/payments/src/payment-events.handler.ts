import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import { disputeClosed, disputeOpened, intentAuthorized, intentCanceled, type IntentEvent } from './payments.jobs';

/**
 * Consumers of the payment events nothing else acts on yet (checkout's OrderPayments handles
 * succeeded, failed and refunded). Every job needs exactly one handler, or the worker will not start.
 */
@Injectable()
export class PaymentEventsHandler {
  private readonly logger = new Logger('PaymentEvents');

  private log(name: string, p: IntentEvent): void {
    this.logger.debug({ intentId: p.intentId, purpose: p.purpose, businessId: p.businessId }, name);
  }

  @OnJob(intentAuthorized)
  authorized(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-authorized', p);
  }

  @OnJob(intentCanceled)
  canceled(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-canceled', p);
  }

  @OnJob(disputeOpened)
  opened(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.dispute-opened', p);
  }

  @OnJob(disputeClosed)
  closed(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.dispute-closed', p);
  }
}
