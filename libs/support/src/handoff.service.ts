import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidInputError, Metrics, redisConfig, RedisConnections, type RedisConfig, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import { ChatEvents, ConversationService } from '@kedai/chat';
import { SupportHandoff, SupportNote, type HandoffReason } from './entities';
import { AlreadyClaimedError, HandoffClosedError, HandoffNotFoundError } from './errors';

export interface QueueChange {
  businessId: string;
  handoffId: string;
  conversationId: string;
  status: string;
}

export interface SupportFigures {
  answered: number;
  handoffs: number;
  resolved: number;
  /** Conversations the bot answered without a handoff, over all it answered (0..1). */
  botResolutionRate: number;
  /** Median seconds from handoff to claim, null when none was claimed. */
  medianWaitSeconds: number | null;
}

const personOf = (ctx: RequestContext) => ctx.requirePerson();

/**
 * The live-agent queue: the bot opens handoffs; the business's people with chats:answer list
 * them, claim one (a guarded update: of two agents claiming at once, one wins and the other gets
 * ALREADY_CLAIMED), write internal notes, hand the conversation back to the bot, or resolve it.
 * Every change is recorded on the handoff row and announced to the queue's subscribers.
 */
@Injectable()
export class HandoffService {
  private readonly channelPrefix: string;

  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly conversations: ConversationService,
    private readonly events: ChatEvents,
    private readonly redis: RedisConnections,
    private readonly metrics: Metrics,
    @Inject(redisConfig.KEY) config: RedisConfig,
  ) {
    this.channelPrefix = `${config.keyPrefix}:support:q:`;
  }

  queueChannel(businessId: string): string {
    return `${this.channelPrefix}${businessId}`;
  }

  /**
   * The bot hands a conversation over, inside its transaction. At most one handoff is open per
   * conversation (a unique index): a second call returns the open one, created false.
   */
  async open(
    tx: EntityManager,
    input: {
      conversationId: string;
      businessId: string;
      personId: string;
      reason: HandoffReason;
      intent: string | null;
      language: string;
      summary: string;
    },
  ): Promise<{ handoff: SupportHandoff; created: boolean }> {
    const fresh = new SupportHandoff(input);
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into support_handoff (id, conversation_id, business_id, person_id, reason, intent, language, summary)
       values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (conversation_id) where status in ('waiting', 'claimed') do nothing returning id`,
      [
        fresh.id,
        input.conversationId,
        input.businessId,
        input.personId,
        input.reason,
        input.intent,
        input.language,
        input.summary,
      ],
    );
    if (inserted.length) await this.conversations.assignHandler(tx, input.conversationId, 'agent', null);
    const handoff = await tx.findOneOrFail(
      SupportHandoff,
      { conversationId: input.conversationId, status: { $in: ['waiting', 'claimed'] } },
      { disableIdentityMap: true },
    );
    return { handoff, created: inserted.length > 0 };
  }

  /** After the bot's commit: screens and queues learn of the new handoff. */
  async announceOpened(handoff: SupportHandoff): Promise<void> {
    this.metrics.botHandoffs.inc({ to: 'agent' });
    await this.conversations.announceHandler(handoff.conversationId);
    await this.publish(handoff);
  }

  /** Median wait of the last claims, for the "expected wait" the bot tells the shopper. */
  async expectedWaitMinutes(businessId: string): Promise<number | null> {
    const [row] = await this.em.fork().execute<{ median: number | null }[]>(
      `select percentile_cont(0.5) within group (order by extract(epoch from claimed_at - created_at)) as median
         from (select claimed_at, created_at from support_handoff
                where business_id = ? and claimed_at is not null order by created_at desc limit 20) recent`,
      [businessId],
    );
    return row?.median == null ? null : Math.max(1, Math.round(Number(row.median) / 60));
  }

  /** Waiting and claimed conversations, longest waiting first. */
  async queue(ctx: RequestContext, businessId: string, includeClaimed = true): Promise<SupportHandoff[]> {
    await this.access.require(ctx, businessId, 'chats:answer');
    return this.em
      .fork()
      .find(
        SupportHandoff,
        { businessId, status: { $in: includeClaimed ? ['waiting', 'claimed'] : ['waiting'] } },
        { orderBy: { createdAt: 'asc', id: 'asc' }, limit: 200 },
      );
  }

  async get(ctx: RequestContext, handoffId: string): Promise<SupportHandoff> {
    const handoff = await this.em.fork().findOne(SupportHandoff, { id: handoffId });
    if (!handoff || !(await this.access.can(ctx, handoff.businessId, 'chats:answer'))) throw new HandoffNotFoundError();
    return handoff;
  }

  /** Takes a waiting conversation: one agent wins, the other gets ALREADY_CLAIMED. */
  async claim(ctx: RequestContext, handoffId: string): Promise<SupportHandoff> {
    const agentId = personOf(ctx);
    const handoff = await this.get(ctx, handoffId);
    const claimed = await this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `update support_handoff set status = 'claimed', agent_id = ?, claimed_at = now()
          where id = ? and status = 'waiting' returning id`,
        [agentId, handoffId],
      );
      if (rows.length === 0) return false;
      await this.conversations.assignHandler(tx, handoff.conversationId, 'agent', agentId);
      return true;
    });
    if (!claimed) throw new AlreadyClaimedError();
    return this.after(handoffId);
  }

  /** Gives the conversation back to the bot (the handoff ends as `returned`). */
  async handBack(ctx: RequestContext, handoffId: string): Promise<SupportHandoff> {
    return this.close(ctx, handoffId, 'returned');
  }

  /** The agent solved it: the handoff ends as `resolved` and the bot answers new messages again. */
  async resolve(ctx: RequestContext, handoffId: string): Promise<SupportHandoff> {
    return this.close(ctx, handoffId, 'resolved');
  }

  async addNote(ctx: RequestContext, handoffId: string, body: string): Promise<SupportNote> {
    const authorId = personOf(ctx);
    const text = body.trim();
    if (text.length < 1 || text.length > 4096)
      throw new InvalidInputError([{ field: 'body', messages: ['a note has 1 to 4096 characters'] }]);
    await this.get(ctx, handoffId);
    const note = new SupportNote(handoffId, authorId, text);
    await this.em.fork().persist(note).flush();
    return note;
  }

  async notes(ctx: RequestContext, handoffId: string): Promise<SupportNote[]> {
    await this.get(ctx, handoffId);
    return this.em.fork().find(SupportNote, { handoffId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Bot resolution rate, handoffs and the median wait, over a period. */
  async figures(ctx: RequestContext, businessId: string, from: Date, to: Date): Promise<SupportFigures> {
    await this.access.require(ctx, businessId, 'chats:answer');
    const em = this.em.fork();
    const [answers] = await em.execute<{ conversations: string }[]>(
      `select count(distinct conversation_id) as conversations from support_answer
        where business_id = ? and created_at >= ? and created_at < ? and outcome <> 'with_agent'`,
      [businessId, from, to],
    );
    const [handoffs] = await em.execute<{ total: string; resolved: string; conversations: string; median: number | null }[]>(
      `select count(*) as total, count(*) filter (where status = 'resolved') as resolved,
              count(distinct conversation_id) as conversations,
              percentile_cont(0.5) within group (order by extract(epoch from claimed_at - created_at))
                filter (where claimed_at is not null) as median
         from support_handoff where business_id = ? and created_at >= ? and created_at < ?`,
      [businessId, from, to],
    );
    const answered = Number(answers?.conversations ?? 0);
    const handedConversations = Number(handoffs?.conversations ?? 0);
    return {
      answered,
      handoffs: Number(handoffs?.total ?? 0),
      resolved: Number(handoffs?.resolved ?? 0),
      botResolutionRate: answered === 0 ? 0 : Math.max(0, answered - handedConversations) / answered,
      medianWaitSeconds: handoffs?.median == null ? null : Math.round(Number(handoffs.median)),
    };
  }

  /** Listens to a business's queue changes until the returned function is called. */
  async listen(businessId: string, listener: (change: QueueChange) => void): Promise<() => Promise<void>> {
    return this.events.listen([this.queueChannel(businessId)], (e) => listener(e as unknown as QueueChange));
  }

  private async close(ctx: RequestContext, handoffId: string, to: 'returned' | 'resolved'): Promise<SupportHandoff> {
    const personId = personOf(ctx);
    const handoff = await this.get(ctx, handoffId);
    const closed = await this.em.fork().transactional(async (tx) => {
      const rows = await tx.execute<{ id: string }[]>(
        `update support_handoff set status = ?, closed_at = now(), closed_by = ?
          where id = ? and status in ('waiting', 'claimed') returning id`,
        [to, `person:${personId}`, handoffId],
      );
      if (rows.length === 0) return false;
      await this.conversations.assignHandler(tx, handoff.conversationId, 'bot', null);
      return true;
    });
    if (!closed) throw new HandoffClosedError();
    this.metrics.botHandoffs.inc({ to: 'bot' });
    return this.after(handoffId);
  }

  private async after(handoffId: string): Promise<SupportHandoff> {
    const handoff = await this.em.fork().findOneOrFail(SupportHandoff, { id: handoffId });
    await this.conversations.announceHandler(handoff.conversationId);
    await this.publish(handoff);
    return handoff;
  }

  private async publish(h: SupportHandoff): Promise<void> {
    const change: QueueChange = { businessId: h.businessId, handoffId: h.id, conversationId: h.conversationId, status: h.status };
    await this.redis.client.publish(this.queueChannel(h.businessId), JSON.stringify(change)).catch(() => undefined);
  }
}
