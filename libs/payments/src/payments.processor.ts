import { Inject, Injectable, Logger } from '@nestjs/common';
import { JobSchedules, OnJob, type RequestContext } from '@kedai/core';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { reconcilePayments } from './payments.jobs';
import { PaymentsService } from './payments.service';

/**
 * The worker side of payments: the reconciliation job and its schedule (JobSchedules: one
 * schedule however many workers run, re-created if Redis loses it).
 */
@Injectable()
export class PaymentsProcessor {
  private readonly logger = new Logger(PaymentsProcessor.name);

  constructor(
    private readonly payments: PaymentsService,
    schedules: JobSchedules,
    @Inject(paymentsConfig.KEY) config: PaymentsConfig,
  ) {
    schedules.add(
      reconcilePayments,
      { every: config.reconcileEveryMs },
      { attempts: 3, removeOnComplete: 100, removeOnFail: 1_000 },
    );
  }

  @OnJob(reconcilePayments)
  async reconcile(ctx: RequestContext): Promise<{ settled: number }> {
    const settled = await this.payments.reconcileStuck(ctx);
    if (settled > 0) this.logger.log(`settled ${settled} payments stuck in processing`);
    return { settled };
  }
}
