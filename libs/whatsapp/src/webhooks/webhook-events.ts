import { Injectable } from '@nestjs/common';
import { OnEvent, OnJob, RequestContext } from '@kedai/core';
import { MessageService, shopperMarked, shopperWrote, type MessageView } from '@kedai/chat';
import { PersonService } from '@kedai/identity';
import { ChannelService } from '../channel.service';
import type { WhatsappChannel } from '../entities/channel.entity';
import { deliverWebhook } from '../whatsapp.jobs';
import { messageEnvelope, statusEnvelope } from './envelope';
import { channelIds, WebhookDeliveryService } from './webhook-delivery.service';

/** SQL (an event's `when`): the business of the event has a channel with a callback. */
const HAS_CALLBACK = `exists (select 1 from whatsapp_channel wc where wc.business_id = e.business_id and wc.callback_url is not null)`;

/**
 * What a business's Cloud API bot hears: its shoppers' messages (the chat's shopper-wrote event)
 * and the statuses of what it sent (sent when it sent it; delivered and read when the shopper's
 * app marks it so, the chat's shopper-marked event), as webhooks to its callback.
 */
@Injectable()
export class WebhookEvents {
  constructor(
    private readonly channels: ChannelService,
    private readonly messages: MessageService,
    private readonly people: PersonService,
    private readonly deliveries: WebhookDeliveryService,
  ) {}

  // Only a channel with a callback hears: the other businesses' messages add no job.
  @OnEvent(shopperWrote, 'whatsapp-webhook', { when: HAS_CALLBACK })
  async shopperWrote(ctx: RequestContext, { businessId, messageId }: { businessId: string; messageId: string }): Promise<void> {
    const channel = await this.channels.byBusiness(businessId);
    if (!channel?.callbackUrl) return;
    const message = await this.messages.view(messageId);
    if (!message?.senderPersonId || message.deletedAt) return;
    const [phone, [profile]] = await Promise.all([
      this.people.phoneOf(ctx, message.senderPersonId),
      this.people.profiles(ctx, [message.senderPersonId]),
    ]);
    const from = { waId: phone.replace(/^\+/, ''), name: profile?.displayName || phone };
    await this.deliveries.queue(
      channel,
      `message:${message.id}`,
      'messages',
      messageEnvelope(channelIds(channel), from, message),
    );
  }

  /**
   * The shopper's app received or read the conversation further: Meta's `delivered` and `read`
   * statuses of each business message the marks now cover, delivered before read, once each.
   */
  @OnEvent(shopperMarked, 'whatsapp-webhook', { when: HAS_CALLBACK })
  async shopperMarked(
    ctx: RequestContext,
    e: { conversationId: string; businessId: string; personId: string } & Record<
      'fromDelivered' | 'delivered' | 'fromRead' | 'read',
      number
    >,
  ): Promise<void> {
    const channel = await this.channels.byBusiness(e.businessId);
    if (!channel?.callbackUrl) return;
    const waId = (await this.people.phoneOf(ctx, e.personId)).replace(/^\+/, '');
    const at = new Date();
    const moves = [
      ['delivered', e.fromDelivered, e.delivered],
      ['read', e.fromRead, e.read],
    ] as const;
    for (const [status, from, to] of moves) {
      if (to <= from) continue;
      for (const m of await this.messages.businessMessagesBetween(e.conversationId, from, to))
        await this.deliveries.queue(
          channel,
          `status:${status}:${m.id}`,
          'statuses',
          statusEnvelope(channelIds(channel), { messageId: m.id, status, recipientWaId: waId, at }),
        );
    }
  }

  @OnJob(deliverWebhook)
  async deliver(_ctx: RequestContext, { deliveryId, attempt }: { deliveryId: string; attempt: number }): Promise<void> {
    await this.deliveries.attempt(deliveryId, attempt);
  }

  /** The `sent` status of a message the business's bot sent through the surface. */
  async sent(channel: WhatsappChannel, message: MessageView, waId: string): Promise<void> {
    const status = { messageId: message.id, status: 'sent' as const, recipientWaId: waId, at: new Date(message.createdAt) };
    await this.deliveries.queue(channel, `status:sent:${message.id}`, 'statuses', statusEnvelope(channelIds(channel), status));
  }
}
