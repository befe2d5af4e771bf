import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@kedai/core';
import { ChatAccess } from './chat-access';
import { ChatEvents, type ChatEvent } from './chat-events';
import { MessageService } from './message.service';
import { ChatEventModel, MessageModel } from './models/chat.models';
import type { MessageView } from './message-view';

const PAGE = 200;

/**
 * The event streams behind the subscriptions. A conversation's stream listens first, then catches
 * up from the client's last sequence number out of PostgreSQL, then goes live; messages are
 * yielded strictly in sequence: one already yielded is dropped (a reconnect's overlap, or a message
 * announced twice), and a jump (a lost publish) is filled from the database before going on. So a
 * client that reconnects with its last seq gets everything after it, once, in order.
 */
@Injectable()
export class ConversationStream {
  // Subscriptions run outside any HTTP request, so outside MikroORM's request context: every
  // database read here takes its own fork, fresh, so a re-check never sees a stale identity map.
  constructor(
    private readonly em: EntityManager,
    private readonly access: ChatAccess,
    private readonly events: ChatEvents,
    private readonly messages: MessageService,
  ) {}

  async conversation(
    ctx: RequestContext,
    conversationId: string,
    afterSeq: number | null,
  ): Promise<AsyncIterableIterator<ChatEventModel>> {
    const { conversation } = await this.access.require(ctx, conversationId, this.em.fork());
    const inbox = new Inbox();
    const stop = await this.events.listen([this.events.conversationChannel(conversationId)], (e) => inbox.push(e));
    return closable(this.conversationEvents(ctx, conversationId, afterSeq ?? conversation.lastSeq, inbox, stop), inbox);
  }

  /** Every event of the caller's current conversations, and of ones they join while listening. */
  async mine(ctx: RequestContext, conversationIds: string[], personId: string): Promise<AsyncIterableIterator<ChatEventModel>> {
    const inbox = new Inbox();
    const channels = [this.events.personChannel(personId), ...conversationIds.map((id) => this.events.conversationChannel(id))];
    const stop = await this.events.listen(channels, (e) => inbox.push(e));
    return closable(this.myEvents(ctx, new Set(conversationIds), inbox, [stop]), inbox);
  }

  private async *conversationEvents(
    ctx: RequestContext,
    conversationId: string,
    from: number,
    inbox: Inbox,
    stop: () => Promise<void>,
  ): AsyncGenerator<ChatEventModel> {
    let last = from;
    try {
      for (const view of await this.after(conversationId, last)) {
        last = view.seq;
        yield message(view);
      }
      for (;;) {
        const event = await inbox.next();
        if (!event) return;
        if (event.type !== 'message') {
          if (event.type === 'conversation' && !(await this.stillAllowed(ctx, conversationId))) return;
          yield model(event);
          continue;
        }
        if (event.message.seq <= last) continue;
        const views = event.message.seq === last + 1 ? [event.message] : await this.after(conversationId, last);
        for (const view of views) {
          last = view.seq;
          yield message(view);
        }
      }
    } finally {
      await stop();
    }
  }

  private async *myEvents(
    ctx: RequestContext,
    joined: Set<string>,
    inbox: Inbox,
    stops: (() => Promise<void>)[],
  ): AsyncGenerator<ChatEventModel> {
    try {
      for (;;) {
        const event = await inbox.next();
        if (!event) return;
        if (
          event.type === 'conversation' &&
          !joined.has(event.conversationId) &&
          (await this.stillAllowed(ctx, event.conversationId))
        ) {
          joined.add(event.conversationId);
          stops.push(await this.events.listen([this.events.conversationChannel(event.conversationId)], (e) => inbox.push(e)));
        }
        yield event.type === 'message' ? message(event.message) : model(event);
      }
    } finally {
      await Promise.all(stops.map((stop) => stop()));
    }
  }

  private async after(conversationId: string, seq: number): Promise<MessageView[]> {
    const all: MessageView[] = [];
    for (let from = seq; ;) {
      const page = await this.messages.read(conversationId, { afterSeq: from, first: PAGE }, this.em.fork());
      all.push(...page.messages);
      if (!page.hasMore || page.messages.length === 0) return all;
      from = page.messages.at(-1)!.seq;
    }
  }

  private async stillAllowed(ctx: RequestContext, conversationId: string): Promise<boolean> {
    try {
      await this.access.require(ctx, conversationId, this.em.fork());
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * A published message reaches every listener of a process as the same parsed object, so its model
 * is built once per process, not once per subscriber (GraphQL only reads it).
 */
const models = new WeakMap<MessageView, ChatEventModel>();

function message(view: MessageView): ChatEventModel {
  let built = models.get(view);
  if (!built) {
    built = Object.assign(new ChatEventModel(), {
      type: 'message',
      conversationId: view.conversationId,
      message: MessageModel.from(view),
    });
    models.set(view, built);
  }
  return built;
}

function model(event: ChatEvent): ChatEventModel {
  switch (event.type) {
    case 'message':
      return message(event.message);
    case 'receipt':
      return Object.assign(new ChatEventModel(), {
        type: 'receipt',
        conversationId: event.conversationId,
        personId: event.reader.personId,
        businessId: event.reader.businessId,
        readSeq: event.readSeq,
        deliveredSeq: event.deliveredSeq,
      });
    default:
      return Object.assign(new ChatEventModel(), event);
  }
}

/**
 * A generator whose `return()` (the client unsubscribed, the socket closed) works even while it
 * waits for the next event: the inbox is closed first, which ends the wait and so the generator,
 * whose `finally` stops listening.
 */
function closable<T>(gen: AsyncGenerator<T>, inbox: Inbox): AsyncIterableIterator<T> {
  return {
    next: () => gen.next(),
    return: (value?: unknown) => {
      inbox.close();
      return gen.return(value as T);
    },
    throw: (e?: unknown) => {
      inbox.close();
      return gen.throw(e);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/** A queue the listener fills and the stream drains, waiting when it is empty; null once closed. */
class Inbox {
  private readonly queue: ChatEvent[] = [];
  private waiting?: (e: ChatEvent | null) => void;
  private closed = false;

  push(event: ChatEvent): void {
    if (this.closed) return;
    if (this.waiting) {
      const wake = this.waiting;
      this.waiting = undefined;
      wake(event);
    } else this.queue.push(event);
  }

  next(): Promise<ChatEvent | null> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  close(): void {
    this.closed = true;
    this.waiting?.(null);
    this.waiting = undefined;
  }
}
