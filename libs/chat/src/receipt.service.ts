import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import type { DeliveryState } from './models/chat.models';
import type { MessageView } from './message-view';

interface Marks {
  businessId: string | null;
  businessReadSeq: number;
  members: { personId: string; readSeq: number; deliveredSeq: number }[];
}

export interface Receipt {
  personId: string | null;
  businessId: string | null;
  state: DeliveryState;
}

const ORDER: DeliveryState[] = ['failed', 'sent', 'delivered', 'read'];

/**
 * Per-recipient states, worked out from each recipient's read and delivery marks rather than
 * stored per message: a message is read by whoever has read up to its number. One query per
 * conversation on a page, batched per request.
 */
@Injectable()
export class ReceiptService {
  constructor(private readonly em: EntityManager) {}

  async receipts(ctx: RequestContext, message: MessageView): Promise<Receipt[]> {
    const marks = await this.marks(ctx, message.conversationId);
    const state = (read: number, delivered: number): DeliveryState =>
      message.failedReason ? 'failed' : read >= message.seq ? 'read' : delivered >= message.seq ? 'delivered' : 'sent';
    const fromBusiness = message.senderKind === 'business' || message.senderKind === 'bot';
    const people = marks.members
      .filter((m) => m.personId !== message.senderPersonId || fromBusiness)
      .map((m) => ({ personId: m.personId, businessId: null, state: state(m.readSeq, m.deliveredSeq) }));
    const business =
      marks.businessId && !fromBusiness
        ? [{ personId: null, businessId: marks.businessId, state: state(marks.businessReadSeq, marks.businessReadSeq) }]
        : [];
    return [...people, ...business];
  }

  /** The least advanced recipient's state: read only once everyone has read it. */
  async status(ctx: RequestContext, message: MessageView): Promise<DeliveryState> {
    const all = await this.receipts(ctx, message);
    if (message.failedReason) return 'failed';
    return all.reduce<DeliveryState>((low, r) => (ORDER.indexOf(r.state) < ORDER.indexOf(low) ? r.state : low), 'read');
  }

  private marks(ctx: RequestContext, conversationId: string): Promise<Marks> {
    return ctx.loaders
      .get<string, Marks>('chat.marks', async (ids) => {
        const rows = await this.em.execute<
          {
            id: string;
            business_id: string | null;
            business_read_seq: string;
            person_id: string | null;
            read: string | null;
            delivered: string | null;
          }[]
        >(
          `select c.id, c.business_id, c.business_read_seq, m.person_id, m.last_read_seq as read, m.last_delivered_seq as delivered
             from conversation c left join conversation_member m on m.conversation_id = c.id and m.left_at is null
            where c.id in (?)`,
          [[...ids]],
        );
        return ids.map((id) => {
          const mine = rows.filter((r) => r.id === id);
          return {
            businessId: mine[0]?.business_id ?? null,
            businessReadSeq: Number(mine[0]?.business_read_seq ?? 0),
            members: mine
              .filter((r) => r.person_id)
              .map((r) => ({ personId: r.person_id!, readSeq: Number(r.read), deliveredSeq: Number(r.delivered) })),
          };
        });
      })
      .load(conversationId);
  }
}
