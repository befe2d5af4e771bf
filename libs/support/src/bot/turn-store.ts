import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { Sql, type EffectOutcome } from '@kedai/core';
import type { OpeningHours } from '@kedai/business';
import type { PostAlongside } from '@kedai/chat';
import type { AnswerOutcome } from '../entities';
import type { Pending } from './brain';

/** Everything the bot reads to answer one message. */
export interface TurnFacts {
  /** A support_answer row exists: this message was answered (or recorded) already. */
  answered: boolean;
  /** The business turned its bot on. */
  enabled: boolean;
  message: { senderKind: string; senderPersonId: string | null; kind: string; payload: Record<string, unknown> };
  /** Who answers the conversation now: its bot, or an agent (then the bot stays quiet). */
  handler: 'bot' | 'agent' | null;
  business: {
    id: string;
    name: string;
    handle: string;
    currency: string;
    country: string;
    timezone: string;
    openingHours: OpeningHours | null;
  };
  session: { language: string | null; misses: number; pending: Pending | null; pendingExpiresAt: Date | null };
  /** The model that answers for the business (its own, else the platform's) and its version; null before one is trained. */
  model: { key: string; version: number } | null;
}

/** The session and the record of the answer, written with the replies (the record is the once-only key). */
export interface TurnRecord {
  messageId: string;
  conversationId: string;
  businessId: string;
  intent: string;
  confidence: number;
  language: string;
  outcome: AnswerOutcome;
  /** The session's state after this turn. */
  session: { misses: number; pending: Pending | null; pendingExpiresAt: Date | null };
}

interface FactsRow {
  answered: boolean;
  enabled: boolean | null;
  sender_kind: string;
  sender_person_id: string | null;
  kind: string;
  payload: Record<string, unknown>;
  handler: 'bot' | 'agent' | null;
  business_id: string;
  name: string;
  handle: string;
  currency: string;
  country: string;
  timezone: string;
  opening_hours: OpeningHours | null;
  language: string | null;
  misses: number | null;
  pending: Pending | null;
  pending_expires_at: Date | null;
  model: { key: string; version: number } | null;
}

/**
 * The bot's reads and writes per answer, one statement each: the bot is the hot path of every
 * shopper's message to a business, and each round trip it saves is one less under load (it once
 * took fifteen). The read joins the message, its conversation's handler and the business's public
 * profile, which belong to chat and business: read-only, by primary key, the columns their
 * services would return, so that answering costs one read instead of one per service.
 */
@Injectable()
export class TurnStore {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
  ) {}

  /** The facts of one message's turn, or null when the message is not in that conversation or the business is gone. */
  async load(messageId: string, conversationId: string, businessId: string): Promise<TurnFacts | null> {
    // Plain pg (Sql), not MikroORM's execute: no entity comes of it, and it is every answer's read.
    // Prepared: planning this read cost PostgreSQL several times what running it does.
    const [row] = await this.sql.prepared<FactsRow>(
      `select exists (select 1 from support_answer where message_id = m.id) as answered,
              (select bot_enabled from support_settings where business_id = b.id) as enabled,
              m.sender_kind, m.sender_person_id, m.kind, m.payload, c.handler,
              b.id as business_id, b.name, b.handle, b.currency, b.country, b.timezone, b.opening_hours,
              s.language, s.misses, s.pending, s.pending_expires_at,
              (select json_build_object('key', key, 'version', version) from support_model
                 where key in (b.id::text, 'platform') order by key = 'platform' limit 1) as model
         from message m
         join conversation c on c.id = m.conversation_id
         join business b on b.id = $1
         left join support_session s on s.conversation_id = c.id
        where m.id = $2 and m.conversation_id = $3`,
      [businessId, messageId, conversationId],
    );
    if (!row) return null;
    return {
      answered: row.answered,
      enabled: row.enabled ?? false,
      message: { senderKind: row.sender_kind, senderPersonId: row.sender_person_id, kind: row.kind, payload: row.payload },
      handler: row.handler,
      business: {
        id: row.business_id,
        name: row.name,
        handle: row.handle,
        currency: row.currency,
        country: row.country,
        timezone: row.timezone,
        openingHours: row.opening_hours,
      },
      session: {
        language: row.language,
        misses: row.misses ?? 0,
        pending: row.pending,
        pendingExpiresAt: row.pending_expires_at,
      },
      model: row.model,
    };
  }

  /**
   * Answers a message once (Effects.once's rule, with the answer's own row as the key): in one
   * transaction, the record of the answer is claimed by its unique message id and the session's
   * new state written, in one statement, then `effect` posts the replies. A second delivery finds
   * the record and does nothing (applied: false); one racing the first waits on the message id's
   * index until the first commits, then does nothing, or claims it if the first rolled back. A
   * worker that dies before the commit leaves no record, so the redelivery answers.
   */
  async answerOnce<T>(turn: TurnRecord, effect: (tx: EntityManager) => Promise<T>): Promise<EffectOutcome<T>> {
    return this.em.fork().transactional(async (tx) => {
      const claimed = await tx.execute<{ message_id: string }[]>(
        `with a as (${answerInsert('true')} returning message_id),
         s as (${sessionUpsert('exists (select 1 from a)')})
         select message_id from a`,
        [...answerColumns(turn), ...sessionColumns(turn)],
      );
      if (claimed.length === 0) return { applied: false } as const;
      return { applied: true, result: await effect(tx) } as const;
    });
  }

  /**
   * The record of the answer and the session's new state as writes riding in the statement that
   * posts the turn's one reply (MessageService.postOnce): written exactly when that reply is. The
   * reply's client message id, derived from the message answered, is then the once-only key: a
   * second delivery finds the reply there and writes nothing.
   */
  alongsideReply(turn: TurnRecord): PostAlongside {
    return {
      ctes: `support_answered as (${answerInsert('exists (select 1 from posted)')}),
       support_session_saved as (${sessionUpsert('exists (select 1 from posted)')})`,
      params: [...answerColumns(turn), ...sessionColumns(turn)],
    };
  }

  /** Records a message the bot heard but did not answer (the conversation is with an agent), for the figures. */
  async record(turn: Omit<TurnRecord, 'session'>): Promise<void> {
    await this.sql.prepared(numbered(answerInsert('true')), answerColumns(turn));
  }
}

/** `?` placeholders (MikroORM's) as pg's `$1, $2, …`: the same statements serve both. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

// The first record of a message stands (a redelivery of the agent-side record adds nothing).
const answerInsert = (
  when: string,
) => `insert into support_answer (message_id, conversation_id, business_id, intent, confidence, language, outcome)
  select ?, ?, ?, ?, ?, ?, ? where ${when} on conflict (message_id) do nothing`;

const sessionUpsert = (
  when: string,
) => `insert into support_session (conversation_id, language, misses, pending, pending_expires_at, updated_at)
  select ?, ?, ?, ?::jsonb, ?, now() where ${when}
  on conflict (conversation_id) do update set language = excluded.language, misses = excluded.misses,
    pending = excluded.pending, pending_expires_at = excluded.pending_expires_at, updated_at = now()`;

const sessionColumns = (t: TurnRecord) => [
  t.conversationId,
  t.language,
  t.session.misses,
  t.session.pending ? JSON.stringify(t.session.pending) : null,
  t.session.pendingExpiresAt,
];

const answerColumns = (t: Omit<TurnRecord, 'session'>) => [
  t.messageId,
  t.conversationId,
  t.businessId,
  t.intent,
  Math.round(t.confidence * 1000) / 1000,
  t.language,
  t.outcome,
];
