import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { databaseConfig, PgListener, type DatabaseConfig } from '@kedai/core';

/** The channel the auth_session trigger notifies (payload: the session id) when a session ends. */
export const SESSION_ENDED_CHANNEL = 'kedai_session_ended';

const MAX_ENTRIES = 50_000;
/** Even with every notification heard, an entry is checked against the database this often. */
const MAX_AGE_MS = 5 * 60_000;

export interface CheckedSession {
  personId: string;
  sessionId: string;
}

interface Entry extends CheckedSession {
  untilMs: number;
}

/**
 * Access tokens this process has verified, with their session found live, so a request does not
 * pay a JWT verification and a database round trip each time. Correctness rests on hearing every
 * session that ends: a trigger on auth_session notifies at commit (any writer, any process), each
 * API process LISTENs, and drops that session's tokens. The cache is used only while the listening
 * connection is up; when it drops, everything is forgotten and requests go to the database until
 * it listens again. An answer read from the database is kept only if no notification (and no
 * reconnect) came in while it was being read, so a revocation racing a check is never lost.
 */
@Injectable()
export class SessionCache implements OnApplicationShutdown {
  private readonly entries = new LRUCache<string, Entry>({ max: MAX_ENTRIES });
  private listener?: PgListener;
  private listening = false;
  /** Moves on every notification and every (re)connect: a read that spans a move is not kept. */
  private epoch = 0;

  constructor(@Inject(databaseConfig.KEY) private readonly db: DatabaseConfig) {}

  /** Whether notifications are being heard (and so the cache is in use). */
  get isListening(): boolean {
    return this.listening;
  }

  /** The session a token was found to speak for, while it may still be trusted. */
  get(token: string): CheckedSession | undefined {
    this.start();
    if (!this.listening) return undefined;
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.untilMs > Date.now()) return entry;
    this.entries.delete(token);
    return undefined;
  }

  /** Call before reading the session from the database; hand the result to `remember`. */
  mark(): number {
    return this.epoch;
  }

  /** Keeps a check made since `mark()` returned `epoch`, until `untilMs` at the latest. */
  remember(token: string, epoch: number, session: CheckedSession, untilMs: number): void {
    if (!this.listening || epoch !== this.epoch) return;
    this.entries.set(token, { ...session, untilMs: Math.min(untilMs, Date.now() + MAX_AGE_MS) });
  }

  /** Forgets a session's tokens at once in this process (the notification does it everywhere). */
  forget(sessionId: string): void {
    this.epoch += 1;
    const ended = [...this.entries.entries()].filter(([, entry]) => entry.sessionId === sessionId).map(([token]) => token);
    for (const token of ended) this.entries.delete(token);
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.stop();
  }

  /** Listens on first use, so processes that never authenticate (the worker) hold no connection. */
  private start(): void {
    if (this.listener) return;
    this.listener = new PgListener(
      this.db.listenUrl,
      [SESSION_ENDED_CHANNEL],
      {
        onNotify: (_channel, sessionId) => this.forget(sessionId),
        onListening: () => {
          this.epoch += 1;
          this.listening = true;
        },
        onLost: () => {
          this.listening = false;
          this.epoch += 1;
          this.entries.clear();
        },
      },
      'session-listener',
    );
    this.listener.start();
  }
}
