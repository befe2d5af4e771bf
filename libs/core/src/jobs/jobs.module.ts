import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Effects } from '../outbox/effects';
import { OutboxHandoff } from '../outbox/outbox-handoff';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { OUTBOX_RELAY_HOOKS, OutboxRelay } from '../outbox/outbox-relay';
import { RedisLossRecovery } from '../outbox/redis-loss-recovery';
import { OutboxService } from '../outbox/outbox.service';
import { ProcessedEffect } from '../outbox/processed-effect.entity';
import { JobDispatcher } from './job-dispatcher';
import { JobSchedules } from './job-schedules';
import { QueueRegistry } from './queue-registry';

/** What every process needs to schedule work and consume it idempotently. */
@Global()
@Module({
  imports: [MikroOrmModule.forFeature([OutboxMessage, ProcessedEffect])],
  // QueueRegistry here (every process): the API hands some jobs to BullMQ itself (OutboxHandoff).
  providers: [OutboxService, Effects, QueueRegistry, OutboxHandoff],
  exports: [OutboxService, Effects, QueueRegistry, OutboxHandoff],
})
export class OutboxModule {}

/** The worker's runtime: the outbox relay and the job dispatcher. The API never imports this. */
@Module({
  imports: [DiscoveryModule],
  // No hooks in production; crash tests override OUTBOX_RELAY_HOOKS to fail at a chosen point.
  providers: [JobSchedules, OutboxRelay, RedisLossRecovery, JobDispatcher, { provide: OUTBOX_RELAY_HOOKS, useValue: {} }],
  exports: [JobSchedules],
})
export class WorkerRuntimeModule {}
