import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { newId, ROUTING_FIELD, routingSql, wantedSql, type RequestContext } from '@kedai/core';
import { ChatAccess } from './chat-access';
import { ChatEvents } from './chat-events';
import { shopperMarked } from './chat.jobs';

/**
 * Read and delivered marks: a person's own (which also moves the unread count and, in a business
 * conversation, is an event for the business's bots, in the same statement), or the business
 * side's one mark. Each is told to the conversation's subscribers.
 */
@Injectable()
export class MessageMarks {
  constructor(
    private readonly em: EntityManager,
    private readonly access: ChatAccess,
    private readonly events: ChatEvents,
  ) {}

  async mark(
    ctx: RequestContext,
    conversationId: string,
    seq: number,
    read: boolean,
  ): Promise<{ readSeq: number; unread: number }> {
    const { as } = await this.access.require(ctx, conversationId);
    const upTo = 'least(?, c.last_seq)';
    const [row] =
      as.kind === 'person'
        ? await this.em.execute<{ read_seq: string; delivered_seq: string; last_seq: string }[]>(
            // A shopper's marks in a business conversation that moved are also an event (the
            // business's Cloud API bot hears delivered and read), in the same statement.
            `with prev as (select last_read_seq, last_delivered_seq from conversation_member
                            where conversation_id = ? and person_id = ?),
               u as (
                 update conversation_member m
                    set last_delivered_seq = greatest(m.last_delivered_seq, ${upTo}),
                        last_read_seq = case when ? then greatest(m.last_read_seq, ${upTo}) else m.last_read_seq end
                   from conversation c
                  where c.id = m.conversation_id and m.conversation_id = ? and m.person_id = ?
                 returning m.last_read_seq as read_seq, m.last_delivered_seq as delivered_seq, c.last_seq, c.business_id),
               o as (
                 insert into outbox (id, queue, name, payload)
                 select ?, ?, ?, jsonb_build_object('conversationId', ?::text, 'businessId', u.business_id::text,
                          'personId', ?::text, 'fromDelivered', prev.last_delivered_seq, 'delivered', u.delivered_seq,
                          'fromRead', prev.last_read_seq, 'read', u.read_seq,
                          '${ROUTING_FIELD}', ${routingSql(shopperMarked) ?? 'null'})
                   from u cross join lateral (select u.business_id) e, prev
                  where u.business_id is not null and ${wantedSql(shopperMarked)}
                    and (u.delivered_seq > prev.last_delivered_seq or u.read_seq > prev.last_read_seq))
             select read_seq, delivered_seq, last_seq from u`,
            [
              conversationId,
              as.personId,
              seq,
              read,
              seq,
              conversationId,
              as.personId,
              newId(),
              shopperMarked.queue,
              shopperMarked.name,
              conversationId,
              as.personId,
            ],
          )
        : await this.em.execute<{ read_seq: string; delivered_seq: string; last_seq: string }[]>(
            // The business side has one mark: reading is what it does with what it receives.
            `update conversation c set business_read_seq = case when ? then greatest(c.business_read_seq, ${upTo}) else c.business_read_seq end
              where c.id = ? returning c.business_read_seq as read_seq, c.business_read_seq as delivered_seq, c.last_seq`,
            [read, seq, conversationId],
          );
    const readSeq = Number(row.read_seq);
    await this.events.publish([this.events.conversationChannel(conversationId)], {
      type: 'receipt',
      conversationId,
      reader: as.kind === 'person' ? { personId: as.personId } : { businessId: as.businessId },
      readSeq,
      deliveredSeq: Number(row.delivered_seq),
    });
    return { readSeq, unread: Number(row.last_seq) - readSeq };
  }
}
