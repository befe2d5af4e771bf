import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { RequestContext } from '@kedai/core';
import { MessageService } from '@kedai/chat';
import { PersonService } from '@kedai/identity';
import { WhatsappOutbound, type OutboundStatus } from '../entities/outbound.entity';
import { str, type Obj } from './inbound-mapping';

/** The statuses Meta reports; a status never moves back (Meta may deliver `read` before `delivered`). */
const STATUSES = new Set<OutboundStatus>(['sent', 'delivered', 'read', 'failed']);

/**
 * Meta's statuses of the messages Kedai sent to a real number through the Graph API: the
 * outbound row follows them (never backwards), `failed` is recorded on the Kedai message, and
 * `delivered` / `read` move the shopper's marks in the conversation, so the business sees the
 * same ticks as for a shopper on Kedai's own apps.
 */
@Injectable()
export class BridgeStatuses {
  constructor(
    private readonly em: EntityManager,
    private readonly messages: MessageService,
    private readonly people: PersonService,
  ) {}

  async apply(s: Obj): Promise<string> {
    const metaId = str(s.id);
    const status = str(s.status) as OutboundStatus;
    if (!STATUSES.has(status)) return `status ${status} ignored`;
    const error = Array.isArray(s.errors) ? (s.errors[0] as Obj | undefined) : undefined;
    const lastError = status === 'failed' ? `${str(error?.code) || String(error?.code ?? '')} ${str(error?.title)}`.trim() : null;
    // Moved only forwards, in the statement itself: two statuses of one message may be applied
    // at the same moment (in two batches), and the later rank must win whichever commits last.
    const order = `array['queued', 'sent', 'delivered', 'read', 'failed']`;
    const [moved] = await this.em.fork().execute<{ message_id: string }[]>(
      `update whatsapp_outbound set status = ?, last_error = coalesce(?, last_error)
        where meta_message_id = ? and (? = 'failed' or array_position(${order}, status) < array_position(${order}, ?::text))
        returning message_id`,
      [status, lastError, metaId, status, status],
    );
    if (!moved) {
      const known = await this.em.fork().count(WhatsappOutbound, { metaMessageId: metaId });
      return known ? `${status} of ${metaId} again` : `status of unknown message ${metaId}`;
    }
    const messageId = moved.message_id;
    if (status === 'failed')
      await this.messages.markFailed(messageId, str(error?.title) || str((error?.error_data as Obj)?.details) || 'failed');
    if (status === 'delivered' || status === 'read') {
      const where = await this.messages.locate(messageId);
      const recipient = str(s.recipient_id).replace(/\D/g, '');
      const system = RequestContext.system('whatsapp-bridge');
      const personId = recipient ? await this.people.idByPhone(system, `+${recipient}`) : null;
      if (where && personId) {
        const asPerson = system.as({ kind: 'person', personId, sessionId: 'whatsapp-bridge' });
        if (status === 'read') await this.messages.markRead(asPerson, where.conversationId, where.seq);
        else await this.messages.markDelivered(asPerson, where.conversationId, where.seq);
      }
    }
    return `${status} ${metaId}`;
  }
}
