import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ForbiddenError, InvalidInputError, Metrics, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService, BusinessService } from '@kedai/business';
import { PersonService } from '@kedai/identity';
import { ChatAccess } from './chat-access';
import { ChatEvents } from './chat-events';
import { Conversation, ConversationMember, GROUP_MAX_MEMBERS, type MemberRole } from './entities/conversation.entity';
import { MessageService } from './message.service';

export interface ConversationPage {
  conversations: { conversation: Conversation; member: ConversationMember | null }[];
  endCursor: string | null;
  hasNextPage: boolean;
}

const invalid = (field: string, message: string) => new InvalidInputError([{ field, messages: [message] }]);

/**
 * Conversations: the one a shopper has with a business, the one two people have, and groups with
 * their admins. Membership changes post a system message in the group, in the same transaction.
 */
@Injectable()
export class ConversationService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: ChatAccess,
    private readonly businessAccess: BusinessAccessService,
    private readonly businesses: BusinessService,
    private readonly people: PersonService,
    private readonly messages: MessageService,
    private readonly events: ChatEvents,
    private readonly metrics: Metrics,
  ) {}

  /** Pair keys (shopper and business) to their conversation's id, in this process. */
  private readonly pairIds = new LRUCache<string, string>({ max: 100_000 });

  /** The caller's conversation with a business, made on first contact. */
  async withBusiness(ctx: RequestContext, businessId: string): Promise<Conversation> {
    const personId = ctx.requirePerson();
    const [business] = await this.businesses.byIds(ctx, [businessId]);
    if (!business) throw new NotFoundError('Business');
    return this.pair(Conversation.businessKey(businessId, personId), () => ({
      conversation: new Conversation({
        kind: 'business',
        pairKey: Conversation.businessKey(businessId, personId),
        businessId,
        createdBy: personId,
      }),
      members: [personId],
    }));
  }

  /**
   * The id of the caller's conversation with a business, made on first contact. A pair's
   * conversation never changes (nor goes away), so each process remembers it: no round trip
   * on a shopper's next order.
   */
  async idWithBusiness(ctx: RequestContext, businessId: string): Promise<string> {
    const key = Conversation.businessKey(businessId, ctx.requirePerson());
    const known = this.pairIds.get(key);
    if (known) return known;
    const { id } = await this.withBusiness(ctx, businessId);
    this.pairIds.set(key, id);
    return id;
  }

  /**
   * A business's conversation with a shopper, made on first contact, for the business side (a
   * member or API key with chats:answer, or the platform's workers): a bot writing first, a bridge
   * receiving a shopper's message from another network.
   */
  async withShopper(ctx: RequestContext, businessId: string, personId: string): Promise<Conversation> {
    if (!ctx.isSystem) await this.businessAccess.require(ctx, businessId, 'chats:answer');
    if (!(await this.people.profiles(ctx, [personId]))[0]) throw new NotFoundError('Person');
    const key = Conversation.businessKey(businessId, personId);
    return this.pair(key, () => ({
      conversation: new Conversation({ kind: 'business', pairKey: key, businessId, createdBy: personId }),
      members: [personId],
    }));
  }

  /** Notes that the shopper of a business conversation writes from another network (`whatsapp`). */
  async markBridged(conversationId: string, bridge: string): Promise<void> {
    await this.em.execute('update conversation set bridge = ? where id = ? and bridge is distinct from ?', [
      bridge,
      conversationId,
      bridge,
    ]);
  }

  /** When the shopper of a business conversation last wrote in it, or null (the Cloud API's 24-hour window). */
  async shopperLastWroteAt(conversationId: string): Promise<Date | null> {
    const [row] = await this.em.execute<{ at: Date | null }[]>(
      `select max(m.created_at) as at from message m join conversation c on c.id = m.conversation_id
        where m.conversation_id = ? and m.sender_kind = 'person' and m.sender_person_id = c.created_by`,
      [conversationId],
    );
    return row?.at ? new Date(row.at) : null;
  }

  /** The caller's conversation with another person (by id or phone), made on first contact. */
  async withPerson(ctx: RequestContext, other: { personId?: string | null; phone?: string | null }): Promise<Conversation> {
    const personId = ctx.requirePerson();
    const otherId = other.personId ?? (other.phone ? await this.people.idByPhone(ctx, other.phone) : null);
    if (!otherId || !(await this.people.profiles(ctx, [otherId]))[0]) throw new NotFoundError('Person');
    if (otherId === personId) throw invalid('personId', 'a conversation needs someone else');
    const key = Conversation.directKey(personId, otherId);
    return this.pair(key, () => ({
      conversation: new Conversation({ kind: 'direct', pairKey: key, createdBy: personId }),
      members: [personId, otherId],
    }));
  }

  /** A group of 2 to 256 people, the caller its first admin. */
  async createGroup(ctx: RequestContext, title: string, memberIds: string[], photoUrl?: string | null): Promise<Conversation> {
    const personId = ctx.requirePerson();
    const ids = [...new Set([personId, ...memberIds])];
    if (ids.length < 2 || ids.length > GROUP_MAX_MEMBERS)
      throw invalid('memberIds', `a group has 2 to ${GROUP_MAX_MEMBERS} members`);
    await this.mustExist(ctx, ids);
    const conversation = guarded('title', () => new Conversation({ kind: 'group', pairKey: null, createdBy: personId, title }));
    if (photoUrl) conversation.photoUrl = checkPhotoUrl(photoUrl);
    await this.em.transactional(async (tx) => {
      tx.persist(conversation);
      for (const id of ids) tx.persist(new ConversationMember(conversation.id, id, id === personId ? 'admin' : 'member'));
      await tx.flush();
      await this.notice(tx, conversation.id, 'group_created', `${await this.nameOf(ctx, personId)} created the group`);
    });
    await this.told(ids, conversation.id, 'added');
    return conversation;
  }

  async addMembers(ctx: RequestContext, conversationId: string, personIds: string[]): Promise<Conversation> {
    await this.mustExist(ctx, personIds);
    return this.asAdmin(ctx, conversationId, async (tx, conversation, admin) => {
      const current = await tx.find(ConversationMember, { conversationId });
      const active = current.filter((m) => !m.leftAt);
      const joining = [...new Set(personIds)].filter((id) => !active.some((m) => m.personId === id));
      if (active.length + joining.length > GROUP_MAX_MEMBERS)
        throw invalid('personIds', `a group has at most ${GROUP_MAX_MEMBERS} members`);
      for (const id of joining) {
        const back = current.find((m) => m.personId === id);
        // Newcomers start with nothing unread: what came before they joined is not news to them.
        const member = back ?? new ConversationMember(conversationId, id);
        if (!back) tx.persist(member);
        Object.assign(member, {
          leftAt: null,
          role: 'member',
          joinedAt: new Date(),
          lastReadSeq: conversation.lastSeq,
          lastDeliveredSeq: conversation.lastSeq,
        });
      }
      await tx.flush();
      if (joining.length)
        await this.notice(
          tx,
          conversationId,
          'members_added',
          `${await this.nameOf(ctx, admin)} added ${await this.namesOf(ctx, joining)}`,
        );
      return joining;
    });
  }

  async removeMember(ctx: RequestContext, conversationId: string, personId: string): Promise<Conversation> {
    if (personId === ctx.requirePerson()) return this.leave(ctx, conversationId);
    return this.asAdmin(ctx, conversationId, async (tx, _conversation, admin) => {
      const member = await tx.findOne(ConversationMember, { conversationId, personId, leftAt: null });
      if (!member) throw new NotFoundError('Member');
      member.leftAt = new Date();
      await tx.flush();
      await this.notice(
        tx,
        conversationId,
        'member_removed',
        `${await this.nameOf(ctx, admin)} removed ${await this.nameOf(ctx, personId)}`,
      );
      return [personId];
    });
  }

  /** Leaves a group. The last admin to leave hands the group to its longest-standing member. */
  async leave(ctx: RequestContext, conversationId: string): Promise<Conversation> {
    const personId = ctx.requirePerson();
    const { conversation } = await this.access.require(ctx, conversationId);
    if (conversation.kind !== 'group') throw invalid('conversationId', 'only groups can be left');
    await this.em.transactional(async (tx) => {
      await tx.findOneOrFail(Conversation, { id: conversationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const active = await tx.find(ConversationMember, { conversationId, leftAt: null }, { orderBy: { joinedAt: 'asc' } });
      const me = active.find((m) => m.personId === personId)!;
      me.leftAt = new Date();
      const rest = active.filter((m) => m !== me);
      if (me.role === 'admin' && rest.length && !rest.some((m) => m.role === 'admin')) rest[0].role = 'admin';
      await tx.flush();
      await this.notice(tx, conversationId, 'member_left', `${await this.nameOf(ctx, personId)} left`);
    });
    await this.told([personId], conversationId, 'left');
    return conversation;
  }

  async setRole(ctx: RequestContext, conversationId: string, personId: string, role: MemberRole): Promise<Conversation> {
    return this.asAdmin(ctx, conversationId, async (tx) => {
      const member = await tx.findOne(ConversationMember, { conversationId, personId, leftAt: null });
      if (!member) throw new NotFoundError('Member');
      member.role = role;
      const admins = await tx.count(ConversationMember, { conversationId, leftAt: null, role: 'admin' });
      if (admins === 0) throw invalid('role', 'a group keeps at least one admin');
      await tx.flush();
      return [];
    });
  }

  async updateGroup(
    ctx: RequestContext,
    conversationId: string,
    changes: { title?: string; photoUrl?: string | null },
  ): Promise<Conversation> {
    return this.asAdmin(ctx, conversationId, async (tx, conversation, admin) => {
      if (changes.title !== undefined) conversation.title = guarded('title', () => Conversation.checkTitle(changes.title!));
      if (changes.photoUrl !== undefined)
        conversation.photoUrl = changes.photoUrl === null ? null : checkPhotoUrl(changes.photoUrl);
      await tx.flush();
      if (changes.title !== undefined)
        await this.notice(
          tx,
          conversationId,
          'title_changed',
          `${await this.nameOf(ctx, admin)} named the group "${conversation.title}"`,
        );
      return [];
    });
  }

  /** The caller's own settings for a conversation. */
  async setPreferences(
    ctx: RequestContext,
    conversationId: string,
    prefs: { muted?: boolean; archived?: boolean },
  ): Promise<ConversationMember> {
    const { as } = await this.access.require(ctx, conversationId);
    if (as.kind !== 'person') throw new ForbiddenError('Only members have their own settings');
    if (prefs.muted !== undefined) as.member.muted = prefs.muted;
    if (prefs.archived !== undefined) as.member.archived = prefs.archived;
    await this.em.flush();
    return as.member;
  }

  /** An agent takes a business conversation over from the bot, or gives it back (for the handoff to come). */
  async setHandler(ctx: RequestContext, conversationId: string, toAgent: boolean): Promise<Conversation> {
    const { conversation, as } = await this.access.require(ctx, conversationId);
    if (as.kind !== 'business' || !as.personId) throw new ForbiddenError('Only the business’s agents hand conversations over');
    const before = conversation.handler;
    conversation.handler = toAgent ? 'agent' : 'bot';
    conversation.handlerPersonId = toAgent ? as.personId : null;
    await this.em.flush();
    if (before !== conversation.handler) this.metrics.botHandoffs.inc({ to: conversation.handler });
    await this.events.publish([this.events.conversationChannel(conversationId)], {
      type: 'conversation',
      conversationId,
      change: 'handler',
    });
    return conversation;
  }

  /**
   * The platform's support bot hands a business conversation to the agents (personId null: waiting
   * in the queue; set: claimed by that agent) or back to the bot, inside the caller's transaction.
   * The caller calls `announceHandler` after its commit.
   */
  async assignHandler(
    tx: EntityManager,
    conversationId: string,
    handler: 'bot' | 'agent',
    personId: string | null,
  ): Promise<void> {
    await tx.execute(`update conversation set handler = ?, handler_person_id = ? where id = ? and kind = 'business'`, [
      handler,
      handler === 'agent' ? personId : null,
      conversationId,
    ]);
  }

  async announceHandler(conversationId: string): Promise<void> {
    await this.events.publish([this.events.conversationChannel(conversationId)], {
      type: 'conversation',
      conversationId,
      change: 'handler',
    });
  }

  /** The caller's conversations, most recent activity first (archived ones only when asked). */
  async mine(ctx: RequestContext, page: { first: number; after?: string | null; archived?: boolean }): Promise<ConversationPage> {
    const personId = ctx.requirePerson();
    const cursor = decode(page.after);
    const rows = await this.em.execute<{ conversation_id: string; activity: string }[]>(
      `select m.conversation_id, to_char(coalesce(c.last_message_at, c.created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as activity
         from conversation_member m join conversation c on c.id = m.conversation_id
        where m.person_id = ? and m.left_at is null and m.archived = ?
          and (?::timestamp is null or (coalesce(c.last_message_at, c.created_at) at time zone 'UTC', c.id) < (?::timestamp, ?::uuid))
        order by coalesce(c.last_message_at, c.created_at) desc, c.id desc
        limit ?`,
      [personId, page.archived ?? false, cursor?.at ?? null, cursor?.at ?? null, cursor?.id ?? null, page.first + 1],
    );
    return this.page(rows, page.first, personId);
  }

  /** A business's conversations for its agents (chats:answer), most recent first. */
  async inbox(
    ctx: RequestContext,
    businessId: string,
    page: { first: number; after?: string | null },
  ): Promise<ConversationPage> {
    await this.businessAccess.require(ctx, businessId, 'chats:answer');
    const cursor = decode(page.after);
    const rows = await this.em.execute<{ conversation_id: string; activity: string }[]>(
      `select c.id as conversation_id, to_char(coalesce(c.last_message_at, c.created_at) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as activity
         from conversation c
        where c.business_id = ?
          and (?::timestamp is null or (coalesce(c.last_message_at, c.created_at) at time zone 'UTC', c.id) < (?::timestamp, ?::uuid))
        order by coalesce(c.last_message_at, c.created_at) desc, c.id desc
        limit ?`,
      [businessId, cursor?.at ?? null, cursor?.at ?? null, cursor?.id ?? null, page.first + 1],
    );
    return this.page(rows, page.first, null);
  }

  /** A conversation the caller may read. */
  async get(ctx: RequestContext, conversationId: string): Promise<Conversation> {
    return (await this.access.require(ctx, conversationId)).conversation;
  }

  /** The caller's own membership, or null (the business side, or not a member). */
  async memberOf(ctx: RequestContext, conversationId: string): Promise<ConversationMember | null> {
    if (ctx.actor.kind !== 'person') return null;
    return this.em.findOne(ConversationMember, { conversationId, personId: ctx.actor.personId, leftAt: null });
  }

  /** Members of a conversation, for whoever may read it. */
  async members(ctx: RequestContext, conversationId: string): Promise<ConversationMember[]> {
    await this.access.require(ctx, conversationId);
    return this.membersOf(ctx, conversationId);
  }

  /**
   * Members of a conversation the caller has already been allowed to read (it came from one of
   * the calls above), batched per request: a list of 30 conversations costs one query for all.
   */
  async membersOf(ctx: RequestContext, conversationId: string): Promise<ConversationMember[]> {
    return ctx.loaders
      .get<string, ConversationMember[]>('chat.members', async (ids) => {
        const rows = await this.em.find(
          ConversationMember,
          { conversationId: { $in: [...ids] }, leftAt: null },
          { orderBy: { joinedAt: 'asc' } },
        );
        return ids.map((id) => rows.filter((m) => m.conversationId === id));
      })
      .load(conversationId);
  }

  private async page(
    rows: { conversation_id: string; activity: string }[],
    first: number,
    personId: string | null,
  ): Promise<ConversationPage> {
    const taken = rows.slice(0, first);
    const ids = taken.map((r) => r.conversation_id);
    const conversations = await this.em.find(Conversation, { id: { $in: ids } });
    const members = personId ? await this.em.find(ConversationMember, { conversationId: { $in: ids }, personId }) : [];
    const last = taken.at(-1);
    return {
      conversations: ids.map((id) => ({
        conversation: conversations.find((c) => c.id === id)!,
        member: members.find((m) => m.conversationId === id) ?? null,
      })),
      endCursor: last ? Buffer.from(JSON.stringify([last.activity, last.conversation_id])).toString('base64url') : null,
      hasNextPage: rows.length > first,
    };
  }

  /** Finds the pair's conversation or makes it; two first contacts at once make one. */
  private async pair(key: string, make: () => { conversation: Conversation; members: string[] }): Promise<Conversation> {
    const found = await this.em.findOne(Conversation, { pairKey: key });
    if (found) return found;
    const { conversation, members } = make();
    try {
      await this.em.fork().transactional(async (tx) => {
        tx.persist(conversation);
        for (const id of members) tx.persist(new ConversationMember(conversation.id, id));
        await tx.flush();
      });
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException)) throw e;
      return this.em.findOneOrFail(Conversation, { pairKey: key }, { refresh: true });
    }
    await this.told(members, conversation.id, 'added');
    return this.em.findOneOrFail(Conversation, { id: conversation.id });
  }

  private async asAdmin(
    ctx: RequestContext,
    conversationId: string,
    change: (tx: EntityManager, conversation: Conversation, adminId: string) => Promise<string[]>,
  ): Promise<Conversation> {
    const personId = ctx.requirePerson();
    const { conversation } = await this.access.require(ctx, conversationId);
    if (conversation.kind !== 'group') throw invalid('conversationId', 'only groups have admins');
    const touched = await this.em.transactional(async (tx) => {
      const locked = await tx.findOneOrFail(Conversation, { id: conversationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const me = await tx.findOne(ConversationMember, { conversationId, personId, leftAt: null });
      if (me?.role !== 'admin') throw new ForbiddenError('Only group admins can do this');
      return change(tx, locked, personId);
    });
    await this.told(touched, conversationId, 'membership');
    return this.em.findOneOrFail(Conversation, { id: conversationId }, { refresh: true });
  }

  private async notice(tx: EntityManager, conversationId: string, event: string, text: string): Promise<void> {
    await this.messages.post(tx, { conversationId, sender: { kind: 'system' }, kind: 'system', payload: { event, text } });
  }

  /** Tells the people concerned (their own channels) and the conversation that something changed. */
  private async told(personIds: string[], conversationId: string, change: string): Promise<void> {
    const event = { type: 'conversation' as const, conversationId, change };
    await this.events.publish(
      [this.events.conversationChannel(conversationId), ...personIds.map((p) => this.events.personChannel(p))],
      event,
    );
  }

  private async mustExist(ctx: RequestContext, ids: string[]): Promise<void> {
    const profiles = await this.people.profiles(ctx, ids);
    const missing = ids.find((_, i) => !profiles[i]);
    if (missing) throw invalid('memberIds', `${missing} is not a person on Kedai`);
  }

  private async nameOf(ctx: RequestContext, personId: string): Promise<string> {
    return (await this.people.profiles(ctx, [personId]))[0]?.displayName || 'Someone';
  }

  private async namesOf(ctx: RequestContext, ids: string[]): Promise<string> {
    return (await this.people.profiles(ctx, ids)).map((p) => p?.displayName || 'someone').join(', ');
  }
}

function decode(after?: string | null): { at: string; id: string } | null {
  if (!after) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as [string, string];
    if (!/^\d{4}-\d\d-\d\dT[\d:.]+$/.test(at) || !/^[0-9a-f-]{36}$/i.test(id)) throw new Error('shape');
    return { at, id };
  } catch {
    throw invalid('after', 'after is not a cursor of this list');
  }
}

function checkPhotoUrl(url: string): string {
  if (!/^https:\/\//.test(url) || url.length > 2048)
    throw invalid('photoUrl', 'photoUrl must be an https URL of at most 2048 characters');
  return url;
}

function guarded<T>(field: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw invalid(field, e.message);
    throw e;
  }
}
