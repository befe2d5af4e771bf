import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { redisConfig, RedisConnections, UnavailableError, type RedisConfig } from '@kedai/core';
import type { MessageView } from './message-view';

/** What travels to subscribers. Messages carry their view; the rest are small signals. */
export type ChatEvent =
  | { type: 'message'; conversationId: string; message: MessageView }
  | { type: 'deleted'; conversationId: string; messageId: string; seq: number }
  | {
      type: 'receipt';
      conversationId: string;
      reader: { personId?: string; businessId?: string };
      readSeq: number;
      deliveredSeq: number;
    }
  | { type: 'typing'; conversationId: string; personId: string; typing: boolean }
  | { type: 'conversation'; conversationId: string; change: string };

type Listener = (event: ChatEvent) => void;

/** What goes out on channels: a chat event, or another domain's hint riding in the same pipeline. */
interface Outgoing {
  channels: string[];
  event: ChatEvent | object;
}

/** Publishes gathering for one socket write, and the outcome of each once it went. */
interface Gathered {
  pairs: (readonly [string, string])[];
  done: Promise<(Error | null)[]>;
}

const FIRST_CONNECT_MS = 2_000;

/**
 * Real-time fan-out between API processes through Redis pub/sub: one channel per conversation
 * (and one per person, for "you were added to a conversation"). Each process keeps one subscriber
 * connection and, per channel, the local listeners; a channel is subscribed while any listener
 * wants it. Pub/sub is a delivery hint, not the record: messages are in PostgreSQL, numbered
 * without gaps, so a subscriber that sees seq 7 after 5 fetches 6 (see conversation-stream.ts).
 */
@Injectable()
export class ChatEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(ChatEvents.name);
  private readonly prefix: string;
  private subscriber?: Redis;
  private subscriberWasReady = false;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly redis: RedisConnections,
    @Inject(redisConfig.KEY) config: RedisConfig,
  ) {
    this.prefix = `${config.keyPrefix}:chat:`;
  }

  conversationChannel(conversationId: string): string {
    return `${this.prefix}c:${conversationId}`;
  }

  personChannel(personId: string): string {
    return `${this.prefix}p:${personId}`;
  }

  /**
   * Publishes after the change committed. A lost publish costs latency, never a message, so a
   * Redis outage only logs (at once: the shared client does not wait for Redis to come back).
   * Says whether Redis took it.
   */
  async publish(channels: string[], event: ChatEvent): Promise<boolean> {
    return this.publishAll([{ channels, event }]);
  }

  /** Several events in one round trip, in order. */
  async publishAll(items: { channels: string[]; event: ChatEvent }[]): Promise<boolean> {
    return this.tryPublish(items);
  }

  /**
   * Publishes another domain's hint on its own channel (an order board's change) in the same
   * gathered pipeline as the chat's events, so an order's message and its board change cost one
   * Redis write, not two. A lost hint only logs, as a lost chat event does.
   */
  async publishHint(channel: string, hint: object): Promise<boolean> {
    return this.tryPublish([{ channels: [channel], event: hint }]);
  }

  private async tryPublish(items: Outgoing[]): Promise<boolean> {
    try {
      await this.send(items);
      return true;
    } catch (e) {
      this.logger.warn(`could not publish a chat event: ${(e as Error).message}`);
      return false;
    }
  }

  /**
   * Publishes an event that lives nowhere else (typing): without Redis it cannot reach anyone,
   * so the caller learns it at once as UNAVAILABLE.
   */
  async signal(channels: string[], event: ChatEvent): Promise<void> {
    await this.send([{ channels, event }]);
  }

  private async send(items: Outgoing[]): Promise<void> {
    const pairs = items.flatMap(({ channels, event }) => {
      const body = JSON.stringify(event);
      return channels.map((c) => [c, body] as const);
    });
    if (pairs.length === 0) return;
    // Publishes asked for in the same turn of the event loop (the sends whose statements answered
    // together) go to Redis as one pipeline: one socket write for all of them instead of one each,
    // which on a busy API is a large part of a message's cost. They wait at most for that turn.
    let batch = this.gathering;
    if (!batch) {
      const gathered: Gathered = { pairs: [], done: undefined! };
      batch = this.gathering = gathered;
      gathered.done = new Promise((resolve) => setImmediate(resolve)).then(() => {
        this.gathering = undefined;
        return this.publishGathered(gathered.pairs);
      });
    }
    const from = batch.pairs.length;
    batch.pairs.push(...pairs);
    const results = await batch.done;
    const failed = results.slice(from, from + pairs.length).find((e) => e);
    if (failed) throw failed;
  }

  private gathering?: Gathered;

  /** Publishes a gathered batch in order; per publish, the error it met (or null). */
  private publishGathered(pairs: (readonly [string, string])[]): Promise<(Error | null)[]> {
    return this.redis
      .run('Live chat events', async (client) => {
        if (pairs.length === 1) return [await client.publish(pairs[0][0], pairs[0][1]).then(() => null)];
        const results = await pairs.reduce((p, [c, body]) => p.publish(c, body), client.pipeline()).exec();
        return pairs.map((_, i) => results?.[i]?.[0] ?? null);
      })
      .catch((e: Error) => pairs.map(() => e));
  }

  /**
   * Listens on channels until the returned function is called. While Redis is away a new
   * listener is refused at once with UNAVAILABLE (a subscription could deliver nothing live);
   * listeners already in place resume when the connection does (ioredis resubscribes).
   */
  async listen(channels: string[], listener: Listener): Promise<() => Promise<void>> {
    const sub = this.connection();
    await this.whenReady(sub);
    const fresh: string[] = [];
    for (const channel of channels) {
      let set = this.listeners.get(channel);
      if (!set) {
        set = new Set();
        this.listeners.set(channel, set);
        fresh.push(channel);
      }
      set.add(listener);
    }
    if (fresh.length) await sub.subscribe(...fresh);
    return async () => {
      const gone: string[] = [];
      for (const channel of channels) {
        const set = this.listeners.get(channel);
        set?.delete(listener);
        if (set && set.size === 0) {
          this.listeners.delete(channel);
          gone.push(channel);
        }
      }
      if (gone.length) await sub.unsubscribe(...gone).catch(() => undefined);
    };
  }

  private async whenReady(sub: Redis): Promise<void> {
    if (sub.status === 'ready') return;
    // Only the very first connection is worth waiting for; a lost one fails fast.
    if (this.subscriberWasReady) throw new UnavailableError('Live chat events');
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), FIRST_CONNECT_MS);
      sub.once('ready', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!ready) throw new UnavailableError('Live chat events');
  }

  private connection(): Redis {
    if (this.subscriber) return this.subscriber;
    const sub = this.redis.open('chat-events', { maxRetriesPerRequest: null });
    sub.on('ready', () => (this.subscriberWasReady = true));
    sub.on('message', (channel: string, body: string) => {
      const set = this.listeners.get(channel);
      if (!set) return;
      let event: ChatEvent;
      try {
        event = JSON.parse(body) as ChatEvent;
      } catch {
        return;
      }
      for (const listener of set) listener(event);
    });
    this.subscriber = sub;
    return sub;
  }

  onApplicationShutdown(): void {
    this.listeners.clear();
  }
}
