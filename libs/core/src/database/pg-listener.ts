import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RECONNECT_MS = 1_000;

export interface PgListenerHandlers {
  /** One notification on `channel`, with its payload ('' when none was given). */
  onNotify(channel: string, payload: string): void;
  /** Listening on every channel: notifications from here on arrive (and any sent while away were missed). */
  onListening?(): void;
  /** The connection dropped: notifications may be missed until onListening is called again. */
  onLost?(): void;
}

/**
 * LISTENs on PostgreSQL channels on a connection of its own (a pooled one would be handed to
 * someone else) and reconnects by itself. PostgreSQL delivers a NOTIFY only when its transaction
 * commits, so a listener hears of committed changes only, whoever made them (a service, a
 * trigger, an operator's SQL). Users must treat onLost as "I may have missed something".
 */
export class PgListener {
  private readonly logger = new Logger(PgListener.name);
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly handlers: PgListenerHandlers,
    private readonly name = 'listener',
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: `kedai:${this.name}` });
    this.client = client;
    let lost = false;
    const again = () => {
      if (lost) return;
      lost = true;
      this.handlers.onLost?.();
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    };
    client.on('notification', (n) => this.handlers.onNotify(n.channel, n.payload ?? ''));
    client.on('error', (e) => {
      this.logger.warn(`${this.name}: ${e.message}`);
      void client.end().catch(() => undefined);
      again();
    });
    client.on('end', again);
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`listen "${channel}"`);
      if (!lost) this.handlers.onListening?.();
    } catch (e) {
      this.logger.warn(`${this.name} could not connect: ${(e as Error).message}`);
      await client.end().catch(() => undefined);
      again();
    }
  }
}
