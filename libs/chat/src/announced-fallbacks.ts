import { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';

/** How long confirmations gather before one statement writes them all. */
const GATHER_MS = 50;

/**
 * Marks the outbox fallbacks of announced messages as sent, so the relay never turns them into
 * jobs. Confirmations from many transactions gather for a moment and go in one statement: a
 * confirmation lost to a crash or an error only means the message is announced a second time,
 * after CHAT_ANNOUNCE_FALLBACK_MS, which subscribers drop by its sequence number.
 */
export class AnnouncedFallbacks {
  private readonly logger = new Logger(AnnouncedFallbacks.name);
  private pending: string[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly em: EntityManager) {}

  add(outboxIds: string[]): void {
    if (outboxIds.length === 0) return;
    this.pending.push(...outboxIds);
    this.timer ??= setTimeout(() => void this.flush(), GATHER_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const ids = this.pending;
    this.pending = [];
    if (ids.length === 0) return;
    try {
      // An array parameter expands to a list: `in (?)` becomes `in ($1, $2, …)`.
      await this.em.fork().execute('update outbox set sent_at = now() where id in (?) and sent_at is null', [ids]);
    } catch (e) {
      this.logger.warn(
        `could not confirm ${ids.length} announced messages (they will be announced again): ${(e as Error).message}`,
      );
    }
  }
}
