import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { ReadReplica, redisConfig, RedisConnections, type RedisConfig } from '@kedai/core';

/**
 * Tells every API process that some catalog changed, so cached answers (see catalog-response-cache)
 * are never served after a change. Each process keeps a generation number: any change message, and
 * any reconnect of its subscription (messages may have been missed), moves it on, and a cached
 * answer is only good for the generation it was computed in.
 *
 * Messages are published twice over: by the process that committed the change, right after the
 * commit (so its own next read is fresh), and by the worker from the change's outbox event (so a
 * crash between the commit and the first publish still reaches everyone).
 *
 * With a read replica, each change also raises the catalog's replica floor: catalog reads go to the
 * primary until the replica has replayed past the change, so an emptied cache refills fresh.
 */
/** The ReadReplica floor every catalog change raises: catalog reads wait for the replica to pass it. */
export const CATALOG_FLOOR = 'catalog';

@Injectable()
export class CatalogChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CatalogChanges.name);
  private readonly channel: string;
  private subscriber?: Redis;
  private gen = 0;
  private listening = false;
  /** Marks this process's own messages, which it has acted on before sending. */
  private readonly self = randomUUID();

  constructor(
    private readonly redis: RedisConnections,
    private readonly replica: ReadReplica,
    @Inject(redisConfig.KEY) config: RedisConfig,
  ) {
    this.channel = `${config.keyPrefix}:catalog:changed`;
  }

  /** The current generation; null while not subscribed, when nothing cached may be trusted. */
  get generation(): number | null {
    return this.listening ? this.gen : null;
  }

  async onModuleInit(): Promise<void> {
    const sub = this.redis.open('catalog-changes', { maxRetriesPerRequest: null });
    this.subscriber = sub;
    sub.on('message', (_channel: string, message: string) => {
      if (!message.startsWith(`${this.self} `)) this.moveOn();
    });
    // A (re)subscribed connection may have missed messages while it was away: start afresh.
    sub.on('ready', () => {
      this.moveOn();
      void sub
        .subscribe(this.channel)
        .then(() => (this.listening = true))
        .catch(() => undefined);
    });
    sub.on('close', () => (this.listening = false));
  }

  /** After a catalog change has committed: this process forgets at once, the others on the message. */
  async changed(businessId: string): Promise<void> {
    this.moveOn();
    try {
      await this.redis.run('Catalog change feed', (c) => c.publish(this.channel, `${this.self} ${businessId}`));
    } catch (e) {
      // The outbox event of the change publishes again from the worker; nothing is lost.
      this.logger.warn(`could not publish a catalog change: ${(e as Error).message}`);
    }
  }

  private moveOn(): void {
    this.gen += 1;
    this.replica.raise(CATALOG_FLOOR);
  }

  onApplicationShutdown(): void {
    this.listening = false;
    this.subscriber?.removeAllListeners('ready');
  }
}
