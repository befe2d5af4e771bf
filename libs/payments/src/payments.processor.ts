import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnJob, QueueRegistry, type RequestContext } from '@kedai/core';
import { paymentsConfig, type PaymentsConfig } from './payments.config';
import { reconcilePayments } from './payments.jobs';
import { PaymentsService } from './payments.service';

/**
 * The worker side of payments: the reconciliation job and its schedule, a BullMQ job scheduler
 * upserted on every start (one schedule however many workers run).
 */
@Injectable()
export class PaymentsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsProcessor.name);

  constructor(
    private readonly payments: PaymentsService,
    private readonly queues: QueueRegistry,
    @Inject(paymentsConfig.KEY) private readonly config: PaymentsConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .get(reconcilePayments.queue)
      .upsertJobScheduler(
        reconcilePayments.name,
        { every: this.config.reconcileEveryMs },
        { name: reconcilePayments.name, data: {}, opts: { attempts: 3, removeOnComplete: 100, removeOnFail: 1_000 } },
      );
  }

  @OnJob(reconcilePayments)
  async reconcile(ctx: RequestContext): Promise<{ settled: number }> {
    const settled = await this.payments.reconcileStuck(ctx);
    if (settled > 0) this.logger.log(`settled ${settled} payments stuck in processing`);
    return { settled };
  }
}
