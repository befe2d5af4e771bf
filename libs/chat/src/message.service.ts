import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  ForbiddenError,
  InvalidInputError,
  isUuid,
  newId,
  NotFoundError,
  OutboxService,
  ROUTING_FIELD,
  routingSql,
  traceCarrier,
  type RequestContext,
} from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { MediaService, type MediaOwner } from '@kedai/media';
import { ChatAccess, type Access, type Party } from './chat-access';
import { chatConfig, type ChatConfig } from './chat.config';
import { ChatEvents } from './chat-events';
import { businessWroteBridged, messagePosted, shopperMarked, shopperWrote } from './chat.jobs';
import { checkedPayload, CLIENT_FIELDS, previewOf, type ClientField } from './content/registry';
import { Message, type MessageKind, type SenderKind } from './entities/message.entity';
import { InvalidMessageError } from './errors';
import { AnnouncedFallbacks } from './announced-fallbacks';
import { viewOf, type MessageView } from './message-view';

/** Who a message is from, as other services say it. */
export type Sender =
  | { kind: 'person'; personId: string }
  | { kind: 'business'; businessId: string; personId?: string | null }
  | { kind: 'bot'; businessId: string }
  | { kind: 'system' };

export interface PostInput {
  conversationId: string;
  sender: Sender;
  kind: MessageKind;
  payload: Record<string, unknown>;
  /** Makes the post idempotent: the same sender and id in a conversation post once. */
  clientMessageId?: string;
}

/**
 * A caller's own writes in the statement that posts a message (postOnce): common table
 * expressions (`name as (…)`, comma-separated, with `?` parameters in order) that see `posted`,
 * one row (`seq`) when the message was written by this statement and none when it was not (the
 * sender's client message id was there already), and must write only when it has its row.
 */
export interface PostAlongside {
  ctes: string;
  params: unknown[];
}

const invalid = (field: string, message: string) => new InvalidMessageError([{ field, messages: [message] }]);

/** Media refuses a photo with BAD_USER_INPUT; in a message that is INVALID_MESSAGE, same fields. */
const asInvalidMessage = (e: unknown): never => {
  throw e instanceof InvalidInputError ? new InvalidMessageError(e.fields) : e;
};

/**
 * Messages: sending, the history, read and delivery marks, deleting for everyone, typing. A send
 * takes the conversation row's lock, so messages of one conversation are numbered one after the
 * other in commit order; the same lock makes a retried send (same client message id) find the
 * first one instead of storing a second.
 */
@Injectable()
export class MessageService implements OnModuleDestroy {
  constructor(
    private readonly em: EntityManager,
    private readonly access: ChatAccess,
    private readonly events: ChatEvents,
    private readonly outbox: OutboxService,
    private readonly catalog: CatalogService,
    private readonly media: MediaService,
    @Inject(chatConfig.KEY) private readonly config: ChatConfig,
  ) {
    this.confirmed = new AnnouncedFallbacks(em);
  }

  /** The outbox row that would announce a message posted with `announcing`, until it is announced. */
  private readonly fallbacks = new WeakMap<MessageView, string>();
  private readonly confirmed: AnnouncedFallbacks;

  /** A client's message, from the caller: exactly one of the MessageInput kinds. */
  async send(
    ctx: RequestContext,
    conversationId: string,
    clientMessageId: string,
    input: Record<string, unknown>,
  ): Promise<MessageView> {
    const given = (Object.keys(CLIENT_FIELDS) as ClientField[]).filter((f) => input[f] !== undefined && input[f] !== null);
    if (given.length !== 1) throw invalid('content', 'give exactly one of: ' + Object.keys(CLIENT_FIELDS).join(', '));
    const field = given[0];
    const kind = CLIENT_FIELDS[field];
    const payload = await checkedPayload(kind, input[field], field);
    if (kind === 'text' && ctx.actor.kind === 'person') {
      // The common case, a person's text: the membership check rides in the send's own statement
      // (nothing else about the conversation matters to a text). Not a member: the full check
      // below says why, or finds the caller answering for the business.
      const sender: Sender = { kind: 'person', personId: ctx.actor.personId };
      const sent = await this.sendAtOnce({ conversationId, sender, kind, payload, clientMessageId }, true);
      if (sent) {
        if (sent.created) await this.announce([sent.view]);
        return sent.view;
      }
    }
    const { conversation, as } = await this.access.require(ctx, conversationId);
    await this.checkMeaning(ctx, { conversation, as }, kind, payload, field);
    const sender: Sender =
      as.kind === 'person'
        ? { kind: 'person', personId: as.personId }
        : { kind: 'business', businessId: as.businessId, personId: as.personId };
    const message: PostInput = { conversationId, sender, kind, payload, clientMessageId };
    // A photo is attached in the message's transaction; anything else is one statement.
    const { view, created } =
      kind === 'image'
        ? await this.em.transactional(async (tx) => {
            const written = (await this.write(tx, message, { shopperWrote: true })) ?? throwNotFound();
            if (written.created) await this.attachMedia(tx, sender, kind, payload);
            return written;
          })
        : await this.sendAtOnce(message, false).then((sent) => sent ?? throwNotFound());
    if (created) await this.announce([view]);
    return view;
  }

  /**
   * Posts a message inside the caller's transaction (the order bot's order_details, a payment
   * receipt): checked against its kind's schema, numbered, and announced by the worker once the
   * caller commits (an outbox job). With `announcing`, the caller promises to `announce` it right
   * after its commit: the outbox job then waits CHAT_ANNOUNCE_FALLBACK_MS and is dropped when the
   * caller's announcement went out, so a message is announced once, and still announced when the
   * caller dies between its commit and its announcement.
   */
  async post(tx: EntityManager, input: PostInput, options: { announcing?: boolean } = {}): Promise<MessageView> {
    return (await this.postOnce(tx, input, options)).view;
  }

  /**
   * `post`, saying whether this call wrote the message (false: the sender had posted this client
   * message id already, and that message is returned). With `alongside`, the caller's own writes
   * ride in the message's statement: atomic with it without a transaction of their own.
   */
  async postOnce(
    tx: EntityManager,
    input: PostInput,
    options: { announcing?: boolean; alongside?: PostAlongside } = {},
  ): Promise<{ view: MessageView; created: boolean }> {
    const payload = await checkedPayload(input.kind, input.payload);
    const fallbackId = newId();
    const written = await this.write(
      tx,
      { ...input, payload },
      // A person posting to a business (an order from the cart, a message bridged from WhatsApp) is
      // a shopper writing: the same event as a send, for the business's bots and webhooks.
      {
        shopperWrote: true,
        fallback: { id: fallbackId, delayMs: options.announcing ? this.config.announceFallbackMs : 0 },
        alongside: options.alongside,
      },
    );
    const { view, created } = written ?? throwNotFound();
    if (created) {
      await this.attachMedia(tx, input.sender, input.kind, payload);
      if (options.announcing) this.fallbacks.set(view, fallbackId);
    }
    return { view, created };
  }

  /** Where a message sits (its conversation and number), or null; for bridges mapping their ids back. */
  async locate(messageId: string): Promise<Pick<MessageView, 'id' | 'conversationId' | 'seq' | 'kind' | 'senderKind'> | null> {
    if (!isUuid(messageId)) return null;
    const m = await this.em
      .fork()
      .findOne(Message, { id: messageId }, { fields: ['conversationId', 'seq', 'kind', 'senderKind'] });
    return m && { id: m.id, conversationId: m.conversationId, seq: m.seq, kind: m.kind, senderKind: m.senderKind };
  }

  /** A message by id, without an access check: for trusted code (workers, bridges) that was handed the id. */
  async view(messageId: string): Promise<MessageView | null> {
    if (!isUuid(messageId)) return null;
    const m = await this.em.fork().findOne(Message, { id: messageId });
    return m && viewOf(m);
  }

  /** A message by its sender's client message id in a conversation (business side: senderBusinessId), or null. */
  async byClientId(conversationId: string, clientMessageId: string): Promise<MessageView | null> {
    const m = await this.em.fork().findOne(Message, { conversationId, clientMessageId }, { orderBy: { seq: 'desc' } });
    return m && viewOf(m);
  }

  /**
   * Which of these client message ids their conversations already hold, as `conversationId:id`:
   * one query for a whole batch, for bridges that skip what they delivered before.
   */
  async knownClientIds(pairs: { conversationId: string; clientMessageId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows = await this.em.fork().execute<{ conversation_id: string; client_message_id: string }[]>(
      `select m.conversation_id, m.client_message_id
         from json_to_recordset(?::json) as x(c uuid, id text)
         join message m on m.conversation_id = x.c and m.client_message_id = x.id`,
      [JSON.stringify(pairs.map((p) => ({ c: p.conversationId, id: p.clientMessageId })))],
    );
    return new Set(rows.map((r) => `${r.conversation_id}:${r.client_message_id}`));
  }

  /**
   * The business side's messages in a conversation numbered after `from`, up to `to` (the first
   * 100, in order): what a shopper's new delivered or read mark covers, for its statuses.
   */
  async businessMessagesBetween(conversationId: string, from: number, to: number): Promise<{ id: string; seq: number }[]> {
    const rows = await this.em.fork().execute<{ id: string; seq: string }[]>(
      `select id, seq from message where conversation_id = ? and seq > ? and seq <= ?
          and sender_business_id is not null and deleted_at is null order by seq limit 100`,
      [conversationId, from, to],
    );
    return rows.map((r) => ({ id: r.id, seq: Number(r.seq) }));
  }

  /** Records that an outbound bridge could not deliver a message (the recipient's network refused it). */
  async markFailed(messageId: string, reason: string): Promise<void> {
    await this.em.fork().nativeUpdate(Message, { id: messageId }, { failedReason: reason.slice(0, 500) });
  }

  /**
   * Tells subscribers about committed messages (one Redis round trip for all), then drops the
   * outbox fallbacks of those posted with `announcing`.
   */
  async announce(views: MessageView[]): Promise<void> {
    const published = await this.events.publishAll(
      views.map((view) => ({
        channels: [this.events.conversationChannel(view.conversationId)],
        event: { type: 'message', conversationId: view.conversationId, message: view },
      })),
    );
    if (published) this.confirmed.add(views.flatMap((v) => this.fallbacks.get(v) ?? []));
  }

  async onModuleDestroy(): Promise<void> {
    await this.confirmed.flush();
  }

  /** One message by id, without an access check: for the platform's own bots reacting to an event. */
  async byId(messageId: string): Promise<MessageView | null> {
    const found = await this.em.fork().findOne(Message, { id: messageId }, { disableIdentityMap: true });
    return found ? viewOf(found) : null;
  }

  /** A page of history: after a sequence number (oldest first), or the latest before one. */
  async history(
    ctx: RequestContext,
    conversationId: string,
    page: { afterSeq?: number | null; beforeSeq?: number | null; first: number },
  ): Promise<{ messages: MessageView[]; hasMore: boolean }> {
    await this.access.require(ctx, conversationId);
    return this.read(conversationId, page);
  }

  /** History without an access check, for code that has checked already (subscriptions catching up). */
  async read(
    conversationId: string,
    page: { afterSeq?: number | null; beforeSeq?: number | null; first: number },
    em: EntityManager = this.em,
  ): Promise<{ messages: MessageView[]; hasMore: boolean }> {
    const backwards = page.afterSeq == null;
    const rows = await em.find(
      Message,
      {
        conversationId,
        ...(page.afterSeq != null && { seq: { $gt: page.afterSeq } }),
        ...(page.beforeSeq != null && { seq: { $lt: page.beforeSeq } }),
      },
      { orderBy: { seq: backwards ? 'desc' : 'asc' }, limit: page.first + 1, disableIdentityMap: true },
    );
    const taken = rows.slice(0, page.first);
    if (backwards) taken.reverse();
    return { messages: taken.map(viewOf), hasMore: rows.length > page.first };
  }

  /** Marks messages up to `seq` read (and so delivered) by the caller; unread counts move in the same statement. */
  async markRead(ctx: RequestContext, conversationId: string, seq: number): Promise<{ readSeq: number; unread: number }> {
    return this.mark(ctx, conversationId, seq, true);
  }

  async markDelivered(ctx: RequestContext, conversationId: string, seq: number): Promise<{ readSeq: number; unread: number }> {
    return this.mark(ctx, conversationId, seq, false);
  }

  /** Deletes a message for everyone: only its sender, within CHAT_DELETE_WINDOW_S. A tombstone keeps its number. */
  async deleteForEveryone(ctx: RequestContext, messageId: string): Promise<MessageView> {
    const found = await this.em.findOne(Message, { id: messageId }, { disableIdentityMap: true });
    if (!found) throw new NotFoundError('Message');
    const { as } = await this.access.require(ctx, found.conversationId);
    const own =
      as.kind === 'person'
        ? found.senderPersonId === as.personId
        : found.senderBusinessId === as.businessId && found.senderKind === 'business';
    if (!own) throw new ForbiddenError('Only its sender can delete a message for everyone');
    if (Date.now() - new Date(found.createdAt).getTime() > this.config.deleteWindowS * 1000)
      throw new ForbiddenError(`A message can be deleted for everyone only within ${this.config.deleteWindowS / 3600} hours`);
    const deleted = await this.em.transactional(async (tx) => {
      const message = await tx.findOneOrFail(Message, { id: messageId });
      message.deleteForEveryone(new Date());
      await tx.flush();
      await tx.execute(
        `update conversation set last_message_preview = 'This message was deleted' where id = ? and last_seq = ?`,
        [message.conversationId, message.seq],
      );
      return message;
    });
    await this.events.publish([this.events.conversationChannel(deleted.conversationId)], {
      type: 'deleted',
      conversationId: deleted.conversationId,
      messageId: deleted.id,
      seq: deleted.seq,
    });
    return viewOf(deleted);
  }

  async setTyping(ctx: RequestContext, conversationId: string, typing: boolean): Promise<void> {
    const { as } = await this.access.require(ctx, conversationId);
    // An API key has no face to show typing; people (members, agents) do.
    const personId = as.personId;
    if (!personId) return;
    // Typing is only ever a live signal: without Redis it reaches no one, and the caller is told.
    await this.events.signal([this.events.conversationChannel(conversationId)], {
      type: 'typing',
      conversationId,
      personId,
      typing,
    });
  }

  /**
   * A client's send as ONE statement, atomic by itself (see `write`). A retry with the same client
   * message id breaks the unique index, which undoes the whole statement, counter included, so no
   * number is lost; the first message is then returned. With `membersOnly`, nothing is written
   * (undefined) unless the sending person is a current member.
   */
  private async sendAtOnce(input: PostInput, membersOnly: boolean): Promise<{ view: MessageView; created: boolean } | undefined> {
    try {
      return (await this.write(this.em, input, { membersOnly, shopperWrote: true, guard: false })) ?? undefined;
    } catch (e) {
      if (!(e instanceof UniqueConstraintViolationException) || !input.clientMessageId) throw e;
      return { view: await this.existing(this.em, input).then((v) => v ?? throwNotFound()), created: false };
    }
  }

  /**
   * Writes a message in ONE statement (a data-modifying CTE): the conversation's counter moves
   * (its row lock orders concurrent writers, so numbers follow commit order without gaps), the
   * message takes the new number, the sending person's own marks follow, and the outbox rows ride
   * along: the shopperWrote event for a person's message to a business, and the announcement
   * fallback of a posted message. With `guard` (the default), a message already written with the
   * same client message id and sender is found and returned instead (created: false), and nothing
   * moves. Six round trips (lock, look-up, insert, counters, outbox, and the ORM's flush) become one.
   */
  private async write(
    em: EntityManager,
    input: PostInput,
    opts: {
      membersOnly?: boolean;
      shopperWrote?: boolean;
      guard?: boolean;
      fallback?: { id: string; delayMs: number };
      alongside?: PostAlongside;
    },
  ): Promise<{ view: MessageView; created: boolean } | null> {
    const { senderKind, senderPersonId, senderBusinessId } = senderColumns(input.sender);
    const id = newId();
    const clientMessageId = input.clientMessageId ?? null;
    const trace = traceCarrier();
    const [row] = await em.execute<{ seq: string; created_at: Date }[]>(
      `with c as (
         update conversation set last_seq = last_seq + 1, last_message_at = now(), last_message_preview = ?,
           business_read_seq = case when ? then last_seq + 1 else business_read_seq end
         where id = ?
           and (not ? or exists (select 1 from conversation_member cm
             where cm.conversation_id = conversation.id and cm.person_id = ? and cm.left_at is null))
           and (not ? or ?::text is null or not exists (select 1 from message x
             where x.conversation_id = conversation.id and x.client_message_id = ?
               and coalesce(x.sender_person_id, x.sender_business_id) = coalesce(?::uuid, ?::uuid)))
         returning last_seq, business_id, bridge),
       m as (
         insert into message (id, conversation_id, seq, sender_kind, sender_person_id, sender_business_id, client_message_id, kind, payload)
         select ?, ?, c.last_seq, ?, ?, ?, ?, ?, ?::jsonb from c returning seq, created_at),
       r as (
         -- Only when a message was written: with none (the guard found it already there), the
         -- sender's marks stay where they are rather than become null.
         update conversation_member set last_read_seq = (select seq from m),
           last_delivered_seq = greatest(last_delivered_seq, (select seq from m))
         where conversation_id = ? and person_id = ? and exists (select 1 from m)),
       o as (
         -- With each subscriber verdict (routingSql): the relay adds no job its subscriber would drop.
         insert into outbox (id, queue, name, payload, trace_context)
         select ?, ?, ?, jsonb_build_object('conversationId', ?::text, 'businessId', c.business_id::text, 'messageId', ?::text,
                  '${ROUTING_FIELD}', ${routingSql(shopperWrote) ?? 'null'}), ?::text
           from m, c cross join lateral (select c.business_id, ?::text as kind) e where ? and c.business_id is not null),
       f as (
         insert into outbox (id, queue, name, payload, available_at, trace_context)
         select ?, ?, ?, jsonb_build_object('conversationId', ?::text, 'messageId', ?::text), now() + ?::int * interval '1 millisecond', ?::text
           from m where ?),
       b as (
         insert into outbox (id, queue, name, payload, trace_context)
         select ?, ?, ?, jsonb_build_object('conversationId', ?::text, 'messageId', ?::text, 'bridge', c.bridge), ?::text
           from m, c where c.bridge is not null and ?::text in ('business', 'bot'))${
             opts.alongside ? `,\n       posted as (select seq from m),\n       ${opts.alongside.ctes}` : ''
           }
       select seq, created_at from m`,
      [
        previewOf(input.kind, input.payload),
        senderKind !== 'person' && senderKind !== 'system',
        input.conversationId,
        opts.membersOnly ?? false,
        senderPersonId,
        opts.guard ?? true,
        clientMessageId,
        clientMessageId,
        senderPersonId,
        senderBusinessId,
        id,
        input.conversationId,
        senderKind,
        senderPersonId,
        senderBusinessId,
        clientMessageId,
        input.kind,
        JSON.stringify(input.payload),
        input.conversationId,
        senderKind === 'person' ? senderPersonId : null,
        newId(),
        shopperWrote.queue,
        shopperWrote.name,
        input.conversationId,
        id,
        trace,
        input.kind,
        (opts.shopperWrote ?? false) && senderKind === 'person',
        opts.fallback?.id ?? null,
        messagePosted.queue,
        messagePosted.name,
        input.conversationId,
        id,
        opts.fallback?.delayMs ?? 0,
        trace,
        opts.fallback !== undefined,
        newId(),
        businessWroteBridged.queue,
        businessWroteBridged.name,
        input.conversationId,
        id,
        trace,
        senderKind,
        ...(opts.alongside?.params ?? []),
      ],
    );
    if (!row) {
      // Nothing moved: already written (the guard), not a member (membersOnly), or no such conversation.
      const found = opts.guard !== false && clientMessageId ? await this.existing(em, input) : null;
      return found ? { view: found, created: false } : null;
    }
    const view: MessageView = {
      id,
      conversationId: input.conversationId,
      seq: Number(row.seq),
      senderKind,
      senderPersonId,
      senderBusinessId,
      clientMessageId,
      kind: input.kind,
      payload: input.payload,
      failedReason: null,
      createdAt: new Date(row.created_at).toISOString(),
      deletedAt: null,
    };
    return { view, created: true };
  }

  /** The message a sender already wrote with this client message id, if any. */
  private async existing(em: EntityManager, input: PostInput): Promise<MessageView | null> {
    const { senderPersonId, senderBusinessId } = senderColumns(input.sender);
    const [row] = await em.execute<Record<string, unknown>[]>(
      `select * from message where conversation_id = ? and client_message_id = ?
          and coalesce(sender_person_id, sender_business_id) = coalesce(?::uuid, ?::uuid)`,
      [input.conversationId, input.clientMessageId ?? null, senderPersonId, senderBusinessId],
    );
    return row ? viewOf(em.map(Message, row)) : null;
  }

  private async mark(
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
                  where u.business_id is not null
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

  /** What the schema cannot see: the product exists and shows, the photo is one the sender may use, the reply answers an option. */
  private async checkMeaning(
    ctx: RequestContext,
    { conversation, as }: Access,
    kind: MessageKind,
    payload: Record<string, unknown>,
    field: string,
  ): Promise<void> {
    const businessSide = as.kind === 'business';
    if ((kind === 'interactive' || kind === 'product_list' || kind === 'catalog') && !businessSide)
      throw invalid(field, `${field} messages are sent by businesses`);
    const productIds =
      kind === 'product'
        ? [payload.productId as string]
        : kind === 'product_list'
          ? (payload.sections as { productIds: string[] }[]).flatMap((s) => s.productIds)
          : kind === 'catalog' && payload.thumbnailProductId
            ? [payload.thumbnailProductId as string]
            : [];
    if (productIds.length > 30) throw invalid(`${field}.sections`, 'a product list has at most 30 products');
    for (const id of productIds) {
      const product = await this.catalog.product(ctx, id);
      if (!product || (conversation.businessId && businessSide && product.businessId !== conversation.businessId))
        throw invalid(field, `${id} is not a product shoppers can see here`);
    }
    if (kind === 'interactive_reply') await this.checkReply(conversation.id, payload, field);
    if (kind === 'reaction') await this.checkReactedTo(conversation.id, payload, field);
    if (kind === 'image') {
      // Checked here too, before the conversation's lock is taken; attached in the send's transaction.
      const owner: MediaOwner = businessSide ? { businessId: as.businessId } : { personId: as.personId };
      await this.media.requireOwned(owner, [payload.mediaId as string], `${field}.mediaId`).catch(asInvalidMessage);
    }
  }

  /**
   * Marks an image message's photo as in use, in the message's transaction, so the orphan cleanup
   * never deletes a photo a message shows. The photo must be the sender's: the person's own, or
   * the business's for its side and its bots.
   */
  private async attachMedia(
    tx: EntityManager,
    sender: Sender,
    kind: MessageKind,
    payload: Record<string, unknown>,
  ): Promise<void> {
    if (kind !== 'image') return;
    const owner: MediaOwner | null =
      sender.kind === 'person'
        ? { personId: sender.personId }
        : sender.kind === 'business' || sender.kind === 'bot'
          ? { businessId: sender.businessId }
          : null;
    if (!owner) throw invalid('image.mediaId', 'system notices carry no photos');
    await this.media.attachFor(tx, owner, [payload.mediaId as string], 'image.mediaId').catch(asInvalidMessage);
  }

  /** A reaction is to a message of the same conversation that still shows. */
  async checkReactedTo(conversationId: string, payload: Record<string, unknown>, field = 'reaction'): Promise<void> {
    const target = await this.em.findOne(
      Message,
      { id: payload.messageId as string, conversationId, deletedAt: null },
      { disableIdentityMap: true, fields: ['id'] },
    );
    if (!target) throw invalid(`${field}.messageId`, 'not a message of this conversation');
  }

  private async checkReply(conversationId: string, payload: Record<string, unknown>, field: string): Promise<void> {
    const asked = await this.em.findOne(
      Message,
      { id: payload.replyToMessageId as string, conversationId, kind: 'interactive' },
      { disableIdentityMap: true },
    );
    if (!asked) throw invalid(`${field}.replyToMessageId`, 'not an interactive message of this conversation');
    const p = asked.payload as { buttons?: { id: string }[]; sections?: { rows: { id: string }[] }[] };
    const options = [...(p.buttons ?? []), ...(p.sections ?? []).flatMap((s) => s.rows)].map((o) => o.id);
    if (!options.includes(payload.id as string)) throw invalid(`${field}.id`, 'not one of the options of that message');
  }
}

function throwNotFound(): never {
  throw new NotFoundError('Conversation');
}

function senderColumns(sender: Sender): {
  senderKind: SenderKind;
  senderPersonId: string | null;
  senderBusinessId: string | null;
} {
  switch (sender.kind) {
    case 'person':
      return { senderKind: 'person', senderPersonId: sender.personId, senderBusinessId: null };
    case 'business':
      return { senderKind: 'business', senderPersonId: sender.personId ?? null, senderBusinessId: sender.businessId };
    case 'bot':
      return { senderKind: 'bot', senderPersonId: null, senderBusinessId: sender.businessId };
    case 'system':
      return { senderKind: 'system', senderPersonId: null, senderBusinessId: null };
  }
}

export type { Party };
