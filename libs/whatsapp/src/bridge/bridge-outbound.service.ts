import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { formatMoney, money, RateLimitedError, RateLimiter, RequestContext } from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { ConversationService, MessageService, type MessageView } from '@kedai/chat';
import { PersonService } from '@kedai/identity';
import { MediaService } from '@kedai/media';
import { ChannelService } from '../channel.service';
import type { WhatsappChannel } from '../entities/channel.entity';
import { WhatsappOutbound } from '../entities/outbound.entity';
import { GraphApi, GraphApiError } from '../graph/graph-api';
import { whatsappConfig, type WhatsappConfig } from '../whatsapp.config';

type Obj = Record<string, unknown>;
const WAIT_TRIES = 20;

/**
 * The bridge's way out: what the business side writes in a conversation with a WhatsApp shopper
 * goes to WhatsApp through the Graph API, from the connected number, within its throughput
 * (WHATSAPP_THROUGHPUT_PER_S, counted in Redis across workers). 429 and 5xx are retried by the
 * job's backoff; any other refusal is recorded on the message as failed. Sent once per message:
 * a retried job finds the Meta id recorded and stops.
 */
@Injectable()
export class BridgeOutboundService {
  constructor(
    private readonly em: EntityManager,
    private readonly channels: ChannelService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly people: PersonService,
    private readonly catalog: CatalogService,
    private readonly media: MediaService,
    private readonly graph: GraphApi,
    private readonly limiter: RateLimiter,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsappConfig,
  ) {}

  async deliver(messageId: string): Promise<void> {
    const message = await this.messages.view(messageId);
    if (!message || message.deletedAt) return;
    const system = RequestContext.system('whatsapp-bridge');
    const conversation = await this.conversations.get(system, message.conversationId);
    const channel = conversation.businessId ? await this.channels.byBusiness(conversation.businessId) : null;
    if (!channel?.metaPhoneNumberId || !conversation.createdBy) return;
    const em = this.em.fork();
    await em.execute(
      'insert into whatsapp_outbound (message_id, channel_id, status, attempts) values (?, ?, ?, 0) on conflict (message_id) do nothing',
      [message.id, channel.id, 'queued'],
    );
    const out = await em.findOneOrFail(WhatsappOutbound, { messageId: message.id });
    if (out.metaMessageId || out.status === 'failed') return;
    const body = await this.body(system, channel, message);
    if (!body) {
      await em.nativeUpdate(
        WhatsappOutbound,
        { messageId: message.id },
        { status: 'failed', lastError: `${message.kind} is not sent to WhatsApp` },
      );
      return;
    }
    const to = (await this.people.phoneOf(system, conversation.createdBy)).replace(/^\+/, '');
    await this.slot(channel);
    try {
      const metaId = await this.graph.sendMessage(channel, { recipient_type: 'individual', to, ...body });
      await em.nativeUpdate(
        WhatsappOutbound,
        { messageId: message.id },
        { metaMessageId: metaId, status: 'sent', attempts: out.attempts + 1 },
      );
    } catch (e) {
      const error = e instanceof GraphApiError ? e : new GraphApiError(0, null, String(e), true);
      await em.nativeUpdate(
        WhatsappOutbound,
        { messageId: message.id },
        { attempts: out.attempts + 1, lastError: error.message.slice(0, 500), ...(!error.retryable && { status: 'failed' }) },
      );
      if (error.retryable) throw error;
      await this.messages.markFailed(message.id, `WhatsApp refused it: ${error.message}`);
    }
  }

  /** Waits for a free slot in the number's per-second budget. */
  private async slot(channel: WhatsappChannel): Promise<void> {
    for (let i = 0; i < WAIT_TRIES; i++) {
      try {
        await this.limiter.hit({ key: `wa:throughput:${channel.id}`, max: this.config.throughputPerS, windowMs: 1000 });
        return;
      } catch (e) {
        if (!(e instanceof RateLimitedError)) throw e;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
      }
    }
    throw new GraphApiError(429, null, 'the number’s throughput is used up; retrying later', true);
  }

  /** A Kedai message as a Cloud API message object, or null for what is not sent (notices). */
  private async body(ctx: RequestContext, channel: WhatsappChannel, m: MessageView): Promise<Obj | null> {
    const p = m.payload;
    const text = (body: string) => ({ type: 'text', text: { body: body.slice(0, 4096), preview_url: false } });
    const retailerId = async (productId: string) => (await this.catalog.product(ctx, productId))?.retailerId ?? null;
    switch (m.kind) {
      case 'text':
        return { type: 'text', text: { body: p.body, preview_url: p.previewUrl ?? false } };
      case 'image': {
        const url = this.media.urls(p.mediaId as string).large.jpeg;
        if (!/^https?:\/\//.test(url)) return p.caption ? text(p.caption as string) : null;
        return { type: 'image', image: { link: url, ...(p.caption ? { caption: p.caption } : {}) } };
      }
      case 'interactive':
        return {
          type: 'interactive',
          interactive:
            p.type === 'button'
              ? {
                  type: 'button',
                  ...(p.header ? { header: { type: 'text', text: p.header } } : {}),
                  body: { text: p.body },
                  ...(p.footer ? { footer: { text: p.footer } } : {}),
                  action: { buttons: (p.buttons as Obj[]).map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
                }
              : {
                  type: 'list',
                  ...(p.header ? { header: { type: 'text', text: p.header } } : {}),
                  body: { text: p.body },
                  ...(p.footer ? { footer: { text: p.footer } } : {}),
                  action: { button: p.listButton, sections: p.sections },
                },
        };
      case 'product': {
        const sku = await retailerId(p.productId as string);
        if (!channel.metaCatalogId || !sku) return p.body ? text(p.body as string) : null;
        return {
          type: 'interactive',
          interactive: {
            type: 'product',
            ...(p.body ? { body: { text: p.body } } : {}),
            ...(p.footer ? { footer: { text: p.footer } } : {}),
            action: { catalog_id: channel.metaCatalogId, product_retailer_id: sku },
          },
        };
      }
      case 'product_list':
      case 'catalog':
        if (!channel.metaCatalogId) return text(p.body as string);
        if (m.kind === 'catalog')
          return {
            type: 'interactive',
            interactive: { type: 'catalog_message', body: { text: p.body }, action: { name: 'catalog_message' } },
          };
        return {
          type: 'interactive',
          interactive: {
            type: 'product_list',
            header: { type: 'text', text: p.header },
            body: { text: p.body },
            action: {
              catalog_id: channel.metaCatalogId,
              sections: await Promise.all(
                (p.sections as { title: string; productIds: string[] }[]).map(async (s) => ({
                  title: s.title,
                  product_items: (await Promise.all(s.productIds.map(retailerId)))
                    .filter(Boolean)
                    .map((id) => ({ product_retailer_id: id })),
                })),
              ),
            },
          },
        };
      case 'order_details': {
        const total = p.total as { amount: string; currency: string };
        return text(`Order ${String(p.referenceId)}: ${formatMoney(money(total.amount, total.currency))} to pay.`);
      }
      case 'order_status':
      case 'payment':
      case 'payment_request':
        return p.note ? text(p.note as string) : text(`${m.kind.replace('_', ' ')}: ${String(p.status ?? '')}`);
      case 'reaction': {
        const target = await this.messages.view(p.messageId as string);
        const metaId =
          target?.senderKind === 'person'
            ? target.clientMessageId
            : (await this.em.fork().findOne(WhatsappOutbound, { messageId: p.messageId as string }))?.metaMessageId;
        return metaId ? { type: 'reaction', reaction: { message_id: metaId, emoji: p.emoji } } : null;
      }
      case 'location':
        return { type: 'location', location: p };
      case 'contacts':
        return {
          type: 'contacts',
          contacts: (p.contacts as { name: string; phones?: Obj[] }[]).map((c) => ({
            name: { formatted_name: c.name, first_name: c.name },
            phones: (c.phones ?? []).map((ph) => ({ phone: ph.phone, ...(ph.waId ? { wa_id: ph.waId } : {}) })),
          })),
        };
      default:
        return null;
    }
  }
}
