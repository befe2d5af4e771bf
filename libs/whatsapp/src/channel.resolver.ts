import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { ChannelService } from './channel.service';
import {
  ConnectWhatsappNumberArgs,
  SetWhatsappWebhookArgs,
  WebhookDeliveriesArgs,
  WhatsappBusinessArgs,
} from './dto/channel.args';
import { WhatsappChannelModel } from './models/channel.model';
import { WhatsappWebhookDeliveryModel } from './models/webhook-delivery.model';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';

@Resolver(() => WhatsappChannelModel)
export class ChannelResolver {
  constructor(
    private readonly channels: ChannelService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  @Query(() => [WhatsappWebhookDeliveryModel], {
    description:
      'The latest webhooks to the business’s callback, newest first, with their state and last error. Needs BUSINESS_EDIT',
  })
  async whatsappWebhookDeliveries(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, first }: WebhookDeliveriesArgs,
  ): Promise<WhatsappWebhookDeliveryModel[]> {
    const list = await this.deliveries.list(ctx, businessId, first);
    return list.map(WhatsappWebhookDeliveryModel.from);
  }

  @Mutation(() => WhatsappChannelModel, {
    description: 'The business’s WhatsApp channel, made on first call. Needs BUSINESS_EDIT',
  })
  async enableWhatsapp(@Ctx() ctx: RequestContext, @Args() { businessId }: WhatsappBusinessArgs): Promise<WhatsappChannelModel> {
    return WhatsappChannelModel.from(await this.channels.ensure(ctx, businessId));
  }

  @Query(() => WhatsappChannelModel, { nullable: true, description: 'Needs BUSINESS_EDIT' })
  async whatsappChannel(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: WhatsappBusinessArgs,
  ): Promise<WhatsappChannelModel | null> {
    const channel = await this.channels.ofBusiness(ctx, businessId);
    return channel && WhatsappChannelModel.from(channel);
  }

  @Mutation(() => WhatsappChannelModel, {
    description: 'Sets the webhook callback after the GET verification handshake succeeds; null removes it. Needs BUSINESS_EDIT',
  })
  async setWhatsappWebhook(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, callbackUrl, verifyToken }: SetWhatsappWebhookArgs,
  ): Promise<WhatsappChannelModel> {
    return WhatsappChannelModel.from(await this.channels.setCallback(ctx, businessId, callbackUrl ?? null, verifyToken ?? null));
  }

  @Mutation(() => WhatsappChannelModel, { description: 'Makes Kedai the backend of a real WhatsApp number. Needs BUSINESS_EDIT' })
  async connectWhatsappNumber(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, ...input }: ConnectWhatsappNumberArgs,
  ): Promise<WhatsappChannelModel> {
    return WhatsappChannelModel.from(await this.channels.connectNumber(ctx, businessId, input));
  }

  @Mutation(() => WhatsappChannelModel, {
    description: 'A new webhook app secret; the old one stops at once. Needs BUSINESS_EDIT',
  })
  async rotateWhatsappAppSecret(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: WhatsappBusinessArgs,
  ): Promise<WhatsappChannelModel> {
    return WhatsappChannelModel.from(await this.channels.rotateSecret(ctx, businessId));
  }
}
