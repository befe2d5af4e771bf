import { Module } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR } from '@nestjs/core';
import {
  AllErrorsFilter,
  DatabaseModule,
  HealthModule,
  KedaiConfigModule,
  KedaiGraphqlModule,
  LoggingModule,
  MetricsModule,
  OutboxModule,
  ReadYourWritesInterceptor,
  RedisModule,
} from '@kedai/core';
import { BusinessApiModule } from '@kedai/business';
import { CatalogApiModule } from '@kedai/catalog';
import { ChatApiModule } from '@kedai/chat';
import { CheckoutApiModule } from '@kedai/checkout';
import { IdentityApiModule } from '@kedai/identity';
import { MediaApiModule } from '@kedai/media';
import { PaymentsApiModule } from '@kedai/payments';
import { P2pApiModule } from '@kedai/p2p';
import { SupportApiModule } from '@kedai/support';
import { WhatsappApiModule } from '@kedai/whatsapp';
import { QueueDashboardModule } from './admin/queue-dashboard';
import { ApiAuthModule } from './auth/auth.module';

/** The GraphQL and REST edge. Domain modules bring their own resolvers through their *ApiModule. */
@Module({
  imports: [
    KedaiConfigModule,
    LoggingModule,
    MetricsModule,
    DatabaseModule,
    RedisModule,
    OutboxModule,
    HealthModule,
    KedaiGraphqlModule.forRoot({ imports: [ApiAuthModule] }),
    ApiAuthModule,
    IdentityApiModule,
    BusinessApiModule,
    CatalogApiModule,
    ChatApiModule,
    CheckoutApiModule,
    QueueDashboardModule,
    MediaApiModule,
    PaymentsApiModule,
    P2pApiModule,
    SupportApiModule,
    // Last: its Cloud API routes (/:version/:id…) must not shadow the routes above.
    WhatsappApiModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: AllErrorsFilter },
    { provide: APP_INTERCEPTOR, useClass: ReadYourWritesInterceptor },
  ],
})
export class ApiModule {}
