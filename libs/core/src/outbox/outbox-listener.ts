import { PgListener } from '../database/pg-listener';

export const OUTBOX_CHANNEL = 'kedai_outbox';

/**
 * LISTENs for the notification the outbox's insert trigger sends at commit and calls `onNotify`.
 * It reconnects by itself; while it is away the relay's polling carries on, so nothing waits
 * longer than a poll.
 */
export class OutboxListener {
  private readonly listener: PgListener;

  constructor(url: string, onNotify: () => void) {
    this.listener = new PgListener(
      url,
      [OUTBOX_CHANNEL],
      {
        onNotify,
        // Rows may have committed while nobody listened: a wake costs one empty pass at most.
        onListening: onNotify,
      },
      'outbox-listener',
    );
  }

  start(): void {
    this.listener.start();
  }

  stop(): Promise<void> {
    return this.listener.stop();
  }
}
