import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError, UnauthenticatedError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { Conversation, ConversationMember } from './entities/conversation.entity';

/** Who is acting in a conversation: one of its people, or the business side of a business conversation. */
export type Party =
  | { kind: 'person'; personId: string; member: ConversationMember }
  | { kind: 'business'; businessId: string; personId: string | null };

export interface Access {
  conversation: Conversation;
  as: Party;
}

/**
 * The one rule of who may read and write a conversation: its current members; and, for a business
 * conversation, the business's people with chats:answer, its API keys with CHATS_ANSWER, and the
 * platform's own workers (its bots). An unknown conversation is NOT_FOUND, anyone else FORBIDDEN.
 */
@Injectable()
export class ChatAccess {
  constructor(
    private readonly em: EntityManager,
    private readonly business: BusinessAccessService,
  ) {}

  async require(ctx: RequestContext, conversationId: string, em: EntityManager = this.em): Promise<Access> {
    const { actor } = ctx;
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    // The conversation and the caller's membership in one round trip: every chat call starts here.
    const [row] = await em.execute<{ c: Record<string, unknown>; m: Record<string, unknown> | null }[]>(
      `select row_to_json(c) as c, row_to_json(m) as m
         from conversation c
         left join conversation_member m on m.conversation_id = c.id and m.person_id = ? and m.left_at is null
        where c.id = ?`,
      [actor.kind === 'person' ? actor.personId : null, conversationId],
    );
    if (!row) throw new NotFoundError('Conversation');
    const conversation = em.map(Conversation, row.c);
    if (actor.kind === 'person' && row.m) {
      const member = em.map(ConversationMember, row.m);
      return { conversation, as: { kind: 'person', personId: actor.personId, member } };
    }
    const businessId = conversation.businessId;
    if (businessId && (await this.business.can(ctx, businessId, 'chats:answer')))
      return { conversation, as: { kind: 'business', businessId, personId: actor.kind === 'person' ? actor.personId : null } };
    throw new ForbiddenError('You are not in this conversation');
  }
}
