import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import {
  ForbiddenError,
  isUuid,
  newId,
  NotFoundError,
  OutboxSentMarks,
  Sql,
  type Querier,
  type RequestContext,
} from '@kedai/core';
import { ChatAccess, type Party } from './chat-access';
import { chatConfig, type ChatConfig } from './chat.config';
import { ChatEvents } from './chat-events';
import { checkedPayload, CLIENT_FIELDS, type ClientField } from './content/registry';
import { Message } from './entities/message.entity';
import { invalid, MessageChecks } from './message-checks';
import { MessageMarks } from './message-marks';
import {
  MessageWriter,
  type PostAlongside,
  type PostInput,
  type PostPrecondition,
  type Sender,
  type Written,
} from './message-writer';
import { viewOf, type MessageView } from './message-view';

export type { PostAlongside, PostInput, PostPrecondition, Sender } from './message-writer';

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
    private readonly writer: MessageWriter,
    private readonly checks: MessageChecks,
    private readonly marks: MessageMarks,
    @Inject(chatConfig.KEY) private readonly config: ChatConfig,
    sql: Sql,
  ) {
    this.confirmed = new OutboxSentMarks(sql, 'announced messages');
  }

  /** The outbox row that would announce a message posted with `announcing`, until it is announced. */
  private readonly fallbacks = new WeakMap<MessageView, string>();
  private readonly confirmed: OutboxSentMarks;

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
      const sent = await this.writer.send({ conversationId, sender, kind, payload, clientMessageId }, true);
      if (sent) {
        if (sent.created) await this.announce([sent.view]);
        return sent.view;
      }
    }
    const { conversation, as } = await this.access.require(ctx, conversationId);
    await this.checks.meaning(ctx, { conversation, as }, kind, payload, field);
    const sender: Sender =
      as.kind === 'person'
        ? { kind: 'person', personId: as.personId }
        : { kind: 'business', businessId: as.businessId, personId: as.personId };
    const message: PostInput = { conversationId, sender, kind, payload, clientMessageId };
    // A photo is attached in the message's transaction; anything else is one statement.
    const { view, created } =
      kind === 'image'
        ? await this.em.transactional(async (tx) => {
            const written = (await this.writer.write(tx, message, { shopperWrote: true })) ?? throwNotFound();
            if (written.created) await this.checks.attachMedia(tx, sender, kind, payload);
            return written;
          })
        : await this.writer.send(message, false).then((sent) => sent ?? throwNotFound());
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
    tx: EntityManager | Querier,
    input: PostInput,
    options: { announcing?: boolean; alongside?: PostAlongside } = {},
  ): Promise<Written> {
    return (await this.write(tx, input, options)) ?? throwNotFound();
  }

  /**
   * A post on plain SQL (no photo) that happens only if `precondition` holds when its one statement
   * runs (see PostPrecondition), with the caller's writes `alongside`; null when it did not hold or
   * the sender had posted this client message id already, and nothing was written. Announced as
   * `post` with `announcing`: the caller announces it after the statement, the outbox otherwise.
   */
  async postIf(
    on: Querier,
    input: PostInput,
    precondition: PostPrecondition,
    alongside?: PostAlongside,
  ): Promise<MessageView | null> {
    const written = await this.write(on, input, { announcing: true, alongside, precondition });
    return written?.created ? written.view : null;
  }

  /**
   * postOnce's and postIf's one write: the payload checked, the message with the caller's writes
   * (and, with a precondition, only if it holds) in one statement, then what only a new message
   * needs: its photo attached, its announcement awaited (the outbox row is the fallback).
   */
  private async write(
    on: EntityManager | Querier,
    input: PostInput,
    options: { announcing?: boolean; alongside?: PostAlongside; precondition?: PostPrecondition },
  ): Promise<Written | null> {
    // A photo is attached in the caller's transaction (MikroORM's): a plain SQL post (Sql) carries none.
    if (!(on instanceof EntityManager) && input.kind === 'image') throw new Error('a photo is posted in a MikroORM transaction');
    const payload = await checkedPayload(input.kind, input.payload);
    const fallbackId = newId();
    const written = await this.writer.write(
      on,
      { ...input, payload },
      // A person posting to a business (an order from the cart, a message bridged from WhatsApp) is
      // a shopper writing: the same event as a send, for the business's bots and webhooks.
      {
        shopperWrote: true,
        fallback: { id: fallbackId, delayMs: options.announcing ? this.config.announceFallbackMs : 0 },
        alongside: options.alongside,
        precondition: options.precondition,
      },
    );
    if (written?.created) {
      if (on instanceof EntityManager) await this.checks.attachMedia(on, input.sender, input.kind, payload);
      if (options.announcing) this.fallbacks.set(written.view, fallbackId);
    }
    return written;
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
    return this.marks.mark(ctx, conversationId, seq, true);
  }

  async markDelivered(ctx: RequestContext, conversationId: string, seq: number): Promise<{ readSeq: number; unread: number }> {
    return this.marks.mark(ctx, conversationId, seq, false);
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
}

function throwNotFound(): never {
  throw new NotFoundError('Conversation');
}

export type { Party };
