import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import type { MessageKind } from '@kedai/chat';
import { mediaConfig, MediaService, type MediaConfig } from '@kedai/media';
import type { WhatsappChannel } from '../entities/channel.entity';
import { WhatsappOutbound } from '../entities/outbound.entity';
import { GraphApi } from '../graph/graph-api';

export type Obj = Record<string, unknown>;
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * A shopper's WhatsApp message object as one of Kedai's message kinds; `unsupported` (with the
 * raw object) for what Kedai does not model. Photos are fetched through the Graph API into
 * libs/media; replies and reactions name Meta ids, mapped back to the Kedai messages sent.
 */
@Injectable()
export class InboundMapping {
  constructor(
    private readonly em: EntityManager,
    private readonly media: MediaService,
    private readonly graph: GraphApi,
    @Inject(mediaConfig.KEY) private readonly mediaCfg: MediaConfig,
  ) {}

  async map(channel: WhatsappChannel, asPerson: RequestContext, m: Obj): Promise<{ kind: MessageKind; payload: Obj }> {
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
        return unsupported;
    }
  }

  private async kedaiIdOf(metaMessageId: string): Promise<string | null> {
    if (!metaMessageId) return null;
    const out = await this.em.fork().findOne(WhatsappOutbound, { metaMessageId });
    return out?.messageId ?? null;
  }
}
