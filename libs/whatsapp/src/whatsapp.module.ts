import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { BusinessModule } from '@kedai/business';
import { CatalogModule } from '@kedai/catalog';
import { ChatModule } from '@kedai/chat';
import { CheckoutModule } from '@kedai/checkout';
import { IdentityModule } from '@kedai/identity';
import { mediaConfig, MediaModule, type MediaConfig } from '@kedai/media';
import { ChannelResolver } from './channel.resolver';
import { ChannelService } from './channel.service';
import { WhatsappChannel } from './entities/channel.entity';
import { WhatsappTemplate } from './entities/template.entity';
import { WhatsappWebhookDelivery } from './entities/webhook-delivery.entity';
import { WhatsappInbound } from './entities/inbound.entity';
import { WhatsappOutbound } from './entities/outbound.entity';
import { BridgeController } from './bridge/bridge.controller';
import { BridgeHandlers } from './bridge/bridge.handlers';
import { BridgeInboundService } from './bridge/bridge-inbound.service';
import { BridgeOutboundService } from './bridge/bridge-outbound.service';
import { BridgeStatuses } from './bridge/bridge-statuses';
import { CatalogSyncHandlers } from './catalog/catalog-sync.handlers';
import { CatalogSyncService } from './catalog/catalog-sync.service';
import { WhatsappCatalogItem } from './entities/catalog-item.entity';
import { InboundMapping } from './bridge/inbound-mapping';
import { InboundIngest } from './bridge/inbound-ingest';
import { BridgeWebhookRoute } from './bridge/webhook-route';
import { GraphApi } from './graph/graph-api';
import { WhatsappCodeSenderModule } from './graph/whatsapp-code-sender';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';
import { WebhookEvents } from './webhooks/webhook-events';
import { CloudApiController } from './surface/cloud-api.controller';
import { CloudMediaService } from './surface/cloud-media.service';
import { CloudMessagesService } from './surface/cloud-messages.service';
import { TemplateReviewHandler } from './templates/template-review.handler';
import { TemplateService } from './templates/template.service';
import { whatsappConfig } from './whatsapp.config';

/**
 * WhatsApp: the Cloud API surface (Kedai in Meta's place, for bots written against Meta's API)
 * and the bridge (Kedai as the backend of a real number). Services only; the edges below.
 */
@Module({
  imports: [
    MikroOrmModule.forFeature([
      WhatsappChannel,
      WhatsappTemplate,
      WhatsappWebhookDelivery,
      WhatsappInbound,
      WhatsappOutbound,
      WhatsappCatalogItem,
    ]),
    WhatsappCodeSenderModule,
    ConfigModule.forFeature(whatsappConfig),
    ConfigModule.forFeature(mediaConfig),
    BusinessModule,
    IdentityModule,
    CatalogModule,
    ChatModule,
    CheckoutModule,
    MediaModule,
  ],
  providers: [
    ChannelService,
    TemplateService,
    CloudMediaService,
    CloudMessagesService,
    WebhookDeliveryService,
    WebhookEvents,
    GraphApi,
  ],
  exports: [ChannelService, TemplateService, CloudMessagesService, CloudMediaService, WebhookDeliveryService, GraphApi],
})
export class WhatsappModule {}

/** The HTTP and GraphQL edge: the Cloud API routes and channel settings; only the API imports it. */
@Module({
  imports: [
    WhatsappModule,
    ConfigModule.forFeature(whatsappConfig),
    MulterModule.registerAsync({
      imports: [ConfigModule.forFeature(mediaConfig)],
      inject: [mediaConfig.KEY],
      useFactory: (config: MediaConfig) => ({
        limits: { fileSize: config.maxBytes, files: 1, fields: 4, fieldSize: 1024, parts: 6 },
      }),
    }),
  ],
  // The bridge's controller first: /whatsapp/webhook must not be taken for /:version/:mediaId.
  controllers: [BridgeController, CloudApiController],
  providers: [ChannelResolver, InboundIngest, BridgeWebhookRoute],
})
export class WhatsappApiModule {}

/** The worker's side: template reviews, the bridge's jobs; webhook deliveries are WebhookEvents' (in WhatsappModule). */
@Module({
  imports: [
    WhatsappModule,
    ConfigModule.forFeature(whatsappConfig),
    ConfigModule.forFeature(mediaConfig),
    BusinessModule,
    IdentityModule,
    CatalogModule,
    ChatModule,
    CheckoutModule,
    MediaModule,
  ],
  providers: [
    TemplateReviewHandler,
    BridgeInboundService,
    BridgeOutboundService,
    BridgeHandlers,
    BridgeStatuses,
    InboundMapping,
    CatalogSyncService,
    CatalogSyncHandlers,
  ],
})
export class WhatsappWorkerModule {}
