import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RequestContext } from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { ConversationService, MessageService, type MessageKind } from '@kedai/chat';
import { CartService, OrderService } from '@kedai/checkout';
import { PersonService } from '@kedai/identity';
import { mediaConfig, MediaService, type MediaConfig } from '@kedai/media';
import { ChannelService } from '../channel.service';
import type { WhatsappChannel } from '../entities/channel.entity';
import { WhatsappInbound } from '../entities/inbound.entity';
import { WhatsappOutbound, type OutboundStatus } from '../entities/outbound.entity';
import { GraphApi } from '../graph/graph-api';

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** How far a status has come: a status never moves back (Meta may deliver `read` before `delivered`). */
const RANK: Record<OutboundStatus, number> = { queued: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * The worker's side of the bridge: a stored webhook from Meta becomes Kedai's. A shopper's
 * message is posted in their conversation with the business, as them (a person made from the
 * WhatsApp id on first contact), with Meta's message id as its client message id, so a message
 * delivered twice, in two webhooks or out of order, is posted once. An order fills the shopper's
 * cart and is sent as a Kedai order (the order bot takes it from there). Statuses move the
 * messages Kedai sent through the Graph API. Kinds Kedai does not model are stored as such.
 */
@Injectable()
export class BridgeInboundService {
  private readonly logger = new Logger('WhatsappBridge');

  constructor(
    private readonly em: EntityManager,
    private readonly channels: ChannelService,
    private readonly people: PersonService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly catalog: CatalogService,
    private readonly carts: CartService,
    private readonly orders: OrderService,
    private readonly media: MediaService,
    private readonly graph: GraphApi,
    @Inject(mediaConfig.KEY) private readonly mediaCfg: MediaConfig,
  ) {}

  async process(inboundId: string): Promise<void> {
    const em = this.em.fork();
    const row = await em.findOne(WhatsappInbound, { id: inboundId });
    if (!row || row.processedAt) return;
    const outcome: string[] = [];
    let data: Obj | null = null;
    try {
      data = JSON.parse(row.body) as Obj;
    } catch {
      outcome.push('not JSON');
    }
    const entries = Array.isArray(data?.entry) ? (data.entry as Obj[]) : [];
    for (const entry of entries) {
      for (const change of Array.isArray(entry.changes) ? (entry.changes as Obj[]) : []) {
        const value = (change.value ?? {}) as Obj;
        if (change.field !== 'messages') {
          outcome.push(`field ${str(change.field)} ignored`);
          continue;
        }
        const metaId = str((value.metadata as Obj | undefined)?.phone_number_id);
        const channel = await this.channels.byMetaNumber(metaId);
        if (!channel) {
          outcome.push(`number ${metaId} is not connected`);
          continue;
        }
        const names = new Map(
          (Array.isArray(value.contacts) ? (value.contacts as Obj[]) : []).map((c) => [
            str(c.wa_id),
            str((c.profile as Obj)?.name),
          ]),
        );
        for (const message of Array.isArray(value.messages) ? (value.messages as Obj[]) : []) {
          outcome.push(await this.message(channel, message, names.get(str(message.from)) ?? ''));
        }
        for (const status of Array.isArray(value.statuses) ? (value.statuses as Obj[]) : []) {
          outcome.push(await this.status(status));
        }
      }
    }
    await em.nativeUpdate(
      WhatsappInbound,
      { id: inboundId },
      { processedAt: new Date(), outcome: outcome.join('; ').slice(0, 1000) || 'empty' },
    );
  }

  private async message(channel: WhatsappChannel, m: Obj, name: string): Promise<string> {
    const metaId = str(m.id);
    const from = str(m.from).replace(/\D/g, '');
    if (!metaId || from.length < 7) return 'a message without id or sender';
    const system = RequestContext.system('whatsapp-bridge');
    const personId = await this.people.ensureByPhone(system, `+${from}`, name);
    const conversation = await this.conversations.withShopper(system, channel.businessId, personId);
    await this.conversations.markBridged(conversation.id, 'whatsapp');
    // Seen before (a redelivery in another webhook): nothing new, not even a second photo download.
    if (await this.messages.byClientId(conversation.id, metaId)) return `${metaId} again`;
    const asPerson = system.as({ kind: 'person', personId, sessionId: 'whatsapp-bridge' });
    const type = str(m.type);
    if (type === 'order') return this.order(channel, asPerson, m, metaId);
    const mapped = await this.mapped(channel, asPerson, personId, m);
    try {
      await this.em.fork().transactional((tx) =>
        this.messages.post(tx, {
          conversationId: conversation.id,
          sender: mapped.kind === 'system' ? { kind: 'system' } : { kind: 'person', personId },
          kind: mapped.kind,
          payload: mapped.payload,
          clientMessageId: metaId,
        }),
      );
    } catch (e) {
      // The same message in another webhook, processed at the same moment, got there first.
      if (e instanceof UniqueConstraintViolationException) return `${metaId} again`;
      throw e;
    }
    return `${type} ${metaId}`;
  }

  /** Meta's message object as one of Kedai's kinds; `unsupported` for the rest. */
  private async mapped(
    channel: WhatsappChannel,
    asPerson: RequestContext,
    personId: string,
    m: Obj,
  ): Promise<{ kind: MessageKind; payload: Obj }> {
    const type = str(m.type);
    const body = (m[type] ?? {}) as Obj;
    const unsupported = { kind: 'unsupported' as const, payload: { source: 'whatsapp', type: type || 'unknown', raw: m } };
    switch (type) {
      case 'text':
        return str(body.body) ? { kind: 'text', payload: { body: str(body.body).slice(0, 4096) } } : unsupported;
      case 'image': {
        const got = await this.graph.downloadMedia(channel, str(body.id), this.mediaCfg.maxBytes);
        const photo = await this.media.upload(asPerson, null, { buffer: got.bytes, size: got.bytes.length });
        return {
          kind: 'image',
          payload: { mediaId: photo.id, ...(str(body.caption) && { caption: str(body.caption).slice(0, 1024) }) },
        };
      }
      case 'interactive': {
        const reply = (body.button_reply ?? body.list_reply) as Obj | undefined;
        if (!reply) return unsupported;
        const asked = await this.kedaiIdOf(str((m.context as Obj | undefined)?.id));
        return asked
          ? {
              kind: 'interactive_reply',
              payload: { replyToMessageId: asked, id: str(reply.id), title: str(reply.title).slice(0, 72) },
            }
          : { kind: 'text', payload: { body: str(reply.title) || str(reply.id) } };
      }
      case 'button':
        return { kind: 'text', payload: { body: str(body.text) || str(body.payload) } };
      case 'reaction': {
        const target = await this.kedaiIdOf(str(body.message_id));
        return target ? { kind: 'reaction', payload: { messageId: target, emoji: str(body.emoji) } } : unsupported;
      }
      case 'location':
        return {
          kind: 'location',
          payload: {
            latitude: Number(body.latitude),
            longitude: Number(body.longitude),
            ...(str(body.name) && { name: str(body.name) }),
            ...(str(body.address) && { address: str(body.address) }),
          },
        };
      case 'contacts': {
        const cards = Array.isArray(m.contacts) ? (m.contacts as Obj[]) : [];
        return {
          kind: 'contacts',
          payload: {
            contacts: cards.map((c) => ({
              name: str((c.name as Obj | undefined)?.formatted_name) || 'Contact',
              phones: (Array.isArray(c.phones) ? (c.phones as Obj[]) : []).map((p) => ({
                phone: str(p.phone),
                ...(str(p.type) && { type: str(p.type) }),
                ...(str(p.wa_id) && { waId: str(p.wa_id) }),
              })),
            })),
          },
        };
      }
      case 'system':
        return { kind: 'system', payload: { event: 'whatsapp_system', text: str(body.body) || 'WhatsApp notice' } };
      default:
        void personId;
        return unsupported;
    }
  }

  /**
   * An order from WhatsApp's cart: its items go into the shopper's Kedai cart for the business
   * (by SKU) and the cart is sent as an order, keyed by Meta's message id, so a redelivery makes
   * no second order. Items Kedai does not sell are left out; an order of none is kept as
   * `unsupported`.
   */
  private async order(channel: WhatsappChannel, asPerson: RequestContext, m: Obj, metaId: string): Promise<string> {
    const order = (m.order ?? {}) as Obj;
    const items = Array.isArray(order.product_items) ? (order.product_items as Obj[]) : [];
    await this.carts.clear(asPerson, channel.businessId);
    let added = 0;
    for (const item of items) {
      const sku = str(item.product_retailer_id);
      const product = await this.catalog.productByRetailerId(asPerson, channel.businessId, sku);
      const variants = product ? await this.catalog.variantsOf(asPerson, product.id) : [];
      const variant = variants.find((v) => v.sku === sku) ?? variants[0];
      const quantity = Math.max(1, Math.floor(Number(item.quantity) || 1));
      if (!variant) continue;
      try {
        await this.carts.put(asPerson, variant.id, quantity, true);
        added += 1;
      } catch (e) {
        this.logger.warn({ sku, err: e instanceof Error ? e.message : String(e) }, 'a WhatsApp order item could not be added');
      }
    }
    if (added === 0) {
      const conversation = await this.conversations.withShopper(
        RequestContext.system('whatsapp-bridge'),
        channel.businessId,
        asPerson.requirePerson(),
      );
      await this.em.fork().transactional((tx) =>
        this.messages.post(tx, {
          conversationId: conversation.id,
          sender: { kind: 'person', personId: asPerson.requirePerson() },
          kind: 'unsupported',
          payload: { source: 'whatsapp', type: 'order', raw: m },
          clientMessageId: metaId,
        }),
      );
      return `order ${metaId} with no item Kedai sells`;
    }
    const made = await this.orders.send(asPerson, channel.businessId, { idempotencyKey: metaId, note: str(order.text) || null });
    return `order ${metaId} → ${made.referenceId}`;
  }

  /** A Meta status of a message Kedai sent through the Graph API. */
  private async status(s: Obj): Promise<string> {
    const metaId = str(s.id);
    const status = str(s.status) as OutboundStatus;
    if (!(status in RANK)) return `status ${status} ignored`;
    const em = this.em.fork();
    const out = await em.findOne(WhatsappOutbound, { metaMessageId: metaId });
    if (!out) return `status of unknown message ${metaId}`;
    if (RANK[status] <= RANK[out.status] && status !== 'failed') return `${status} of ${metaId} again`;
    const error = Array.isArray(s.errors) ? (s.errors[0] as Obj | undefined) : undefined;
    await em.nativeUpdate(
      WhatsappOutbound,
      { messageId: out.messageId },
      {
        status,
        ...(status === 'failed' && { lastError: `${str(error?.code) || String(error?.code ?? '')} ${str(error?.title)}`.trim() }),
      },
    );
    if (status === 'failed')
      await this.messages.markFailed(out.messageId, str(error?.title) || str((error?.error_data as Obj)?.details) || 'failed');
    if (status === 'delivered' || status === 'read') {
      const where = await this.messages.locate(out.messageId);
      const recipient = str(s.recipient_id).replace(/\D/g, '');
      const personId = recipient ? await this.people.idByPhone(RequestContext.system('whatsapp-bridge'), `+${recipient}`) : null;
      if (where && personId) {
        const asPerson = RequestContext.system('whatsapp-bridge').as({ kind: 'person', personId, sessionId: 'whatsapp-bridge' });
        if (status === 'read') await this.messages.markRead(asPerson, where.conversationId, where.seq);
        else await this.messages.markDelivered(asPerson, where.conversationId, where.seq);
      }
    }
    return `${status} ${metaId}`;
  }

  private async kedaiIdOf(metaMessageId: string): Promise<string | null> {
    if (!metaMessageId) return null;
    const out = await this.em.fork().findOne(WhatsappOutbound, { metaMessageId });
    return out?.messageId ?? null;
  }
}
