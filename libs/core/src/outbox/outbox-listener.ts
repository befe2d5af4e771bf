import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export const OUTBOX_CHANNEL = 'kedai_outbox';
const RECONNECT_MS = 1_000;

/**
 * LISTENs for the notification the outbox's insert trigger sends at commit, on a connection of its
 * own (a pooled one would be handed to someone else), and calls `onNotify`. It reconnects by
 * itself; while it is away the relay's polling carries on, so nothing waits longer than a poll.
 */
export class OutboxListener {
  private readonly logger = new Logger(OutboxListener.name);
  private client?: Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly url: string,
    private readonly onNotify: () => void,
  ) {}

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'kedai:outbox-listener' });
    this.client = client;
    const again = () => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.retry = setTimeout(() => void this.connect(), RECONNECT_MS);
    };
    client.on('notification', () => this.onNotify());
    client.on('error', (e) => {
      this.logger.warn(`outbox listener: ${e.message}`);
      void client.end().catch(() => undefined);
      again();
    });
    client.on('end', again);
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
      // Rows may have committed while nobody listened: a wake costs one empty pass at most.
      this.onNotify();
    } catch (e) {
      this.logger.warn(`outbox listener could not connect: ${(e as Error).message}`);
      await client.end().catch(() => undefined);
      again();
    }
  }
}
