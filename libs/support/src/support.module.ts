import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { CatalogModule } from '@kedai/catalog';
import { ChatModule } from '@kedai/chat';
import { CheckoutModule } from '@kedai/checkout';
import { IdentityModule } from '@kedai/identity';
import { P2pModule } from '@kedai/p2p';
import { PaymentsModule } from '@kedai/payments';
import { Brain } from './bot/brain';
import { ModelJobs } from './bot/model-jobs';
import { SupportBot } from './bot/support-bot';
import { TurnStore } from './bot/turn-store';
import { SUPPORT_ENTITIES } from './entities';
import { SupportSettingsService } from './faq.service';
import { SupportResolver } from './graphql/support.resolver';
import { HandoffService } from './handoff.service';
import { ModelStore } from './model-store';
import { SupportStaffResolver } from './staff/support-staff.resolver';
import { SupportStaffService } from './staff/support-staff.service';

/** The support bot's services: models, the agents' queue, settings and FAQ, and what the bot does per intent. */
@Module({
  imports: [
    MikroOrmModule.forFeature(SUPPORT_ENTITIES),
    BusinessModule,
    CatalogModule,
    ChatModule,
    CheckoutModule,
    IdentityModule,
    P2pModule,
    PaymentsModule,
  ],
  providers: [ModelStore, HandoffService, SupportSettingsService, Brain],
  exports: [ModelStore, HandoffService, SupportSettingsService, Brain],
})
export class SupportModule {}

/** The bot itself (a chat.shopper-wrote subscriber) and the model jobs; only the worker imports it. */
@Module({
  imports: [SupportModule, WorkerRuntimeModule, BusinessModule, ChatModule, CheckoutModule],
  providers: [SupportBot, TurnStore, ModelJobs],
})
export class SupportWorkerModule {}

/** The GraphQL edge of support; only the API imports it. */
@Module({
  imports: [SupportModule, BusinessModule, ChatModule, IdentityModule],
  providers: [SupportResolver, SupportStaffService, SupportStaffResolver],
})
export class SupportApiModule {}
