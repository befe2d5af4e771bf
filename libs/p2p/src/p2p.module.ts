import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { ChatModule } from '@kedai/chat';
import { IdentityModule } from '@kedai/identity';
import { PaymentsModule } from '@kedai/payments';
import { BlockService } from './block.service';
import { P2P_ENTITIES } from './entities';
import { LinkService } from './link.service';
import { p2pConfig } from './p2p.config';
import { P2pProcessor } from './p2p.processor';
import { P2pResolver } from './p2p.resolver';
import { PayLinkController } from './pay-link.controller';
import { PayPageController } from './pay-page.controller';
import { ReportService } from './report.service';
import { RequestService } from './request.service';
import { TransferService } from './transfer.service';

/** Money between people: transfers, requests (one person or a group), payment links, blocks and reports. */
@Module({
  imports: [
    ConfigModule.forFeature(p2pConfig),
    MikroOrmModule.forFeature(P2P_ENTITIES),
    BusinessModule,
    IdentityModule,
    ChatModule,
    PaymentsModule,
  ],
  providers: [BlockService, TransferService, RequestService, LinkService, ReportService],
  exports: [TransferService, RequestService, LinkService, ReportService, BlockService],
})
export class P2pModule {}

/** The GraphQL and REST edge of P2P; only the API imports it. */
@Module({
  imports: [P2pModule, PaymentsModule],
  controllers: [PayLinkController, PayPageController],
  providers: [P2pResolver],
})
export class P2pApiModule {}

/** Settling transfers and expiring requests; only the worker imports it. */
@Module({
  imports: [P2pModule, WorkerRuntimeModule],
  providers: [P2pProcessor],
})
export class P2pWorkerModule {}
