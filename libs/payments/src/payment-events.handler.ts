import { Injectable, Logger } from '@nestjs/common';
import { OnJob, type RequestContext } from '@kedai/core';
import {
  disputeClosed,
  disputeOpened,
  intentAuthorized,
  intentCanceled,
  intentFailed,
  intentSucceeded,
  paymentRefunded,
  type IntentEvent,
} from './payments.jobs';

/**
 * Placeholder consumers of the payment events, so the worker starts (every job needs exactly one
 * handler). Checkout replaces these with its own (order paid, receipt in the chat, refund
 * reflected on the order) and deletes the method it takes over.
 */
@Injectable()
export class PaymentEventsHandler {
  private readonly logger = new Logger('PaymentEvents');

  private log(name: string, p: IntentEvent): void {
    this.logger.debug({ intentId: p.intentId, purpose: p.purpose, businessId: p.businessId }, name);
  }

  @OnJob(intentSucceeded)
  succeeded(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-succeeded', p);
  }

  @OnJob(intentAuthorized)
  authorized(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-authorized', p);
  }

  @OnJob(intentFailed)
  failed(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-failed', p);
  }

  @OnJob(intentCanceled)
  canceled(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.intent-canceled', p);
  }

  @OnJob(paymentRefunded)
  refunded(_ctx: RequestContext, p: IntentEvent): void {
    this.log('payments.refunded', p);
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
