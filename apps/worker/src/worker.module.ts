import { Module } from '@nestjs/common';
import {
  DatabaseModule,
  KedaiConfigModule,
  LoggingModule,
  MetricsModule,
  OutboxModule,
  RedisModule,
  WorkerRuntimeModule,
} from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { CatalogFeedWorkerModule, CatalogModule } from '@kedai/catalog';
import { ChatModule } from '@kedai/chat';
import { CheckoutWorkerModule } from '@kedai/checkout';
import { MediaWorkerModule } from '@kedai/media';
import { PaymentsWorkerModule } from '@kedai/payments';
import { P2pWorkerModule } from '@kedai/p2p';
import { SupportWorkerModule } from '@kedai/support';
import { WhatsappWorkerModule } from '@kedai/whatsapp';
import { WorkerHttp } from './worker-http';

/**
 * The worker: the outbox relay and the BullMQ processors of every domain module. No HTTP; it
 * imports the same domain modules as the API, without their resolvers.
 */
@Module({
  imports: [
    KedaiConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    RedisModule,
    OutboxModule,
    WorkerRuntimeModule,
    BusinessModule,
    CatalogModule,
    CatalogFeedWorkerModule,
    ChatModule,
    CheckoutWorkerModule,
    MediaWorkerModule,
    PaymentsWorkerModule,
    P2pWorkerModule,
    SupportWorkerModule,
    WhatsappWorkerModule,
  ],
  providers: [WorkerHttp],
})
export class WorkerModule {}
