import { Inject, Injectable } from '@nestjs/common';
import { newId, RateLimitedError, RateLimiter, type RequestContext } from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { ConversationService, MessageService, type MessageView } from '@kedai/chat';
import { OrderService, ORDER_STATUSES, type OrderStatus } from '@kedai/checkout';
import { PersonService } from '@kedai/identity';
import { ChannelService } from '../channel.service';
import type { WhatsappChannel } from '../entities/channel.entity';
import { renderTemplate, TemplateParamsError, type TemplateSendComponent } from '../templates/template-rules';
import { TemplateService } from '../templates/template.service';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';
import { WebhookEvents } from '../webhooks/webhook-events';
import { CloudErrors } from './cloud-api-error';
import { CloudMediaService } from './cloud-media.service';
import { mapOutbound, type Mapped } from './outbound-mapping';
import { wamidOf } from './wamid';

/** The customer-service window: free-form messages only this long after the shopper last wrote. */
export const SERVICE_WINDOW_MS = 24 * 3600 * 1000;
const PAIR_WINDOW_MS = 6_000;

export interface SendResponse {
  messaging_product: 'whatsapp';
  contacts?: { input: string; wa_id: string }[];
  messages?: { id: string; message_status?: string }[];
  success?: boolean;
}

/**
 * `POST /{version}/{phone-number-id}/messages`: a Cloud API message object from the business's
 * bot becomes a message in its conversation with the shopper whose WhatsApp id is `to`, under
 * the Cloud API's rules (24-hour window, approved templates, the pair rate limit).
 */
@Injectable()
export class CloudMessagesService {
  constructor(
    private readonly channels: ChannelService,
    private readonly people: PersonService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly catalog: CatalogService,
    private readonly orders: OrderService,
    private readonly templates: TemplateService,
    private readonly media: CloudMediaService,
    private readonly limiter: RateLimiter,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
    private readonly listener: WebhookEvents,
  ) {}

  async send(ctx: RequestContext, phoneNumberId: string, body: unknown): Promise<SendResponse> {
    const channel = await this.channels.forCaller(ctx, phoneNumberId);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw CloudErrors.invalidParameter('the body must be a JSON object');
    const b = body as Record<string, unknown>;
    if (b.messaging_product !== 'whatsapp') throw CloudErrors.invalidParameter('messaging_product must be "whatsapp"');
    if (b.recipient_type !== undefined && b.recipient_type !== 'individual')
      throw CloudErrors.invalidValue('recipient_type must be "individual"');
    const mapped = mapOutbound(b);
    if (mapped.action === 'read') return this.markRead(ctx, channel, mapped.messageId);

    if (typeof b.to !== 'string' || b.to.replace(/\D/g, '').length < 7) throw CloudErrors.missingParameter('to is required');
    const waId = b.to.replace(/\D/g, '');
    const personId = await this.people.idByPhone(ctx, `+${waId}`);
    if (!personId) throw CloudErrors.undeliverable(`${b.to} is not a Kedai user`);
    const conversation = await this.conversations.withShopper(ctx, channel.businessId, personId);
    if (mapped.action !== 'template') {
      const last = await this.conversations.shopperLastWroteAt(conversation.id);
      if (!last || Date.now() - last.getTime() > SERVICE_WINDOW_MS) throw CloudErrors.outsideWindow();
    }
    await this.limiter
      .hit({ key: `wa:pair:${channel.id}:${waId}`, max: this.config.pairLimit, windowMs: PAIR_WINDOW_MS })
      .catch((e: unknown) => {
        throw e instanceof RateLimitedError ? CloudErrors.pairRateLimit() : e;
      });

    const message = await this.deliver(ctx, channel, conversation.id, mapped);
    await this.listener.sent(channel, message, waId);
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: b.to, wa_id: waId }],
      messages: [{ id: wamidOf(message.id), ...(mapped.action === 'template' && { message_status: 'accepted' }) }],
    };
  }

  private async deliver(
    ctx: RequestContext,
    channel: WhatsappChannel,
    conversationId: string,
    mapped: Exclude<Mapped, { action: 'read' }>,
  ): Promise<MessageView> {
    const clientMessageId = `wa:${newId()}`;
    switch (mapped.action) {
      case 'order_status':
        return this.moveOrder(ctx, channel, conversationId, mapped);
      case 'template': {
        const template = await this.templates.usable(channel.id, mapped.name, mapped.language);
        let rendered;
        try {
          rendered = renderTemplate(template.components, mapped.components as TemplateSendComponent[]);
        } catch (e) {
          if (e instanceof TemplateParamsError) throw CloudErrors.templateParams(e.message);
          throw e;
        }
        const input = rendered.quickReplies.length
          ? {
              interactive: {
                type: 'button',
                ...(rendered.header && { header: rendered.header.slice(0, 60) }),
                body: rendered.body,
                ...(rendered.footer && { footer: rendered.footer }),
                buttons: rendered.quickReplies.slice(0, 3),
              },
            }
          : { text: { body: [rendered.header, rendered.body, rendered.footer].filter(Boolean).join('\n\n') } };
        return this.messages.send(ctx, conversationId, clientMessageId, input);
      }
      case 'message': {
        for (const ref of mapped.productRefs) {
          const product = await this.catalog.productByRetailerId(ctx, channel.businessId, ref.retailerId);
          if (!product) throw CloudErrors.invalidValue(`product_retailer_id ${ref.retailerId} is not a product shoppers can see`);
          ref.set(product.id);
        }
        if (mapped.mediaLink) mapped.payload.mediaId = await this.media.fromLink(ctx, channel.businessId, mapped.mediaLink);
        return this.messages.send(ctx, conversationId, clientMessageId, { [mapped.field]: mapped.payload });
      }
    }
  }

  private async moveOrder(
    ctx: RequestContext,
    channel: WhatsappChannel,
    conversationId: string,
    mapped: Extract<Mapped, { action: 'order_status' }>,
  ): Promise<MessageView> {
    const status = mapped.status.toLowerCase() as OrderStatus;
    if (!ORDER_STATUSES.includes(status)) throw CloudErrors.invalidValue(`order.status ${mapped.status} is not an order status`);
    const order = await this.orders.byReference(ctx, channel.businessId, mapped.referenceId).catch(() => {
      throw CloudErrors.invalidValue(`reference_id ${mapped.referenceId} is not an order of this business`);
    });
    if (order.conversationId !== conversationId)
      throw CloudErrors.invalidValue(`order ${mapped.referenceId} is not this customer’s`);
    await this.orders.transition(ctx, order.id, status, mapped.note);
    const posted = await this.messages.byClientId(conversationId, `order:${order.id}:status:${status}`);
    if (!posted) throw CloudErrors.server();
    return posted;
  }

  private async markRead(ctx: RequestContext, channel: WhatsappChannel, messageId: string): Promise<SendResponse> {
    const where = await this.messages.locate(messageId);
    const conversation = where && (await this.conversations.get(ctx, where.conversationId).catch(() => null));
    if (!where || !conversation || conversation.businessId !== channel.businessId)
      throw CloudErrors.invalidValue('message_id is not a message of this number');
    await this.messages.markRead(ctx, where.conversationId, where.seq);
    return { messaging_product: 'whatsapp', success: true };
  }
}
