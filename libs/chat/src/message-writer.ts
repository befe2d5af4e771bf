import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  isUniqueViolation,
  newId,
  ROUTING_FIELD,
  routingSql,
  Sql,
  statementName,
  traceCarrier,
  wantedSql,
  type Querier,
} from '@kedai/core';
import { businessWroteBridged, messagePosted, shopperWrote } from './chat.jobs';
import { previewOf } from './content/registry';
import { Message, type MessageKind, type SenderKind } from './entities/message.entity';
import { viewOf, type MessageView } from './message-view';

/** Who a message is from, as other services say it. */
export type Sender =
  | { kind: 'person'; personId: string }
  | { kind: 'business'; businessId: string; personId?: string | null }
  | { kind: 'bot'; businessId: string }
  | { kind: 'system' };

export interface PostInput {
  conversationId: string;
  sender: Sender;
  kind: MessageKind;
  payload: Record<string, unknown>;
  /** Makes the post idempotent: the same sender and id in a conversation post once. */
  clientMessageId?: string;
}

/**
 * A caller's own writes in the statement that posts a message (postOnce): common table
 * expressions (`name as (…)`, comma-separated, with `?` parameters in order) that see `posted`,
 * one row (`seq`) when the message was written by this statement and none when it was not (the
 * sender's client message id was there already), and must write only when it has its row.
 */
export interface PostAlongside {
  ctes: string;
  params: unknown[];
  /** Select-list items over those CTEs (`(select x from mine) as x`), answered in Written's `alongside`. */
  returning?: string;
}

/**
 * What must hold for a message to be written at all, decided in its own statement before anything
 * moves: common table expressions (with `?` parameters in order) placed first, and the name of
 * one of them, `requires`, that must return a row. Without it the statement writes nothing (the
 * conversation's number included) and `write` answers null. For a caller that decided what to say
 * without holding a lock and lets the statement check, under its locks, that it still applies.
 */
export interface PostPrecondition {
  ctes: string;
  params: unknown[];
  requires: string;
}

export interface WriteOptions {
  /** Writes nothing unless the sending person is a current member. */
  membersOnly?: boolean;
  shopperWrote?: boolean;
  /** Looks for the sender's client message id first (default); false relies on the unique index. */
  guard?: boolean;
  fallback?: { id: string; delayMs: number };
  alongside?: PostAlongside;
  precondition?: PostPrecondition;
}

type WrittenRow = { seq: string; created_at: Date } & Record<string, unknown>;

export type Written = { view: MessageView; created: boolean; alongside?: Record<string, unknown> };

/**
 * Writes messages: ONE statement per message (a data-modifying CTE) on either the caller's
 * transaction (MikroORM's EntityManager, for posts riding in another domain's transaction) or,
 * for a client's send, plain parameterised SQL on the pool (`Sql`), which costs less than half
 * the CPU of MikroORM's `execute` per statement and needs no unit of work for a statement written
 * by hand anyway.
 */
@Injectable()
export class MessageWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
  ) {}

  /**
   * A client's send as ONE statement, atomic by itself (see `write`). A retry with the same client
   * message id breaks the unique index, which undoes the whole statement, counter included, so no
   * number is lost; the first message is then returned. With `membersOnly`, nothing is written
   * (undefined) unless the sending person is a current member.
   */
  async send(input: PostInput, membersOnly: boolean): Promise<Written | undefined> {
    try {
      // Prepared (Sql.preparing): every send runs this one text, which PostgreSQL then plans once per connection.
      return (await this.write(this.sql.preparing, input, { membersOnly, shopperWrote: true, guard: false })) ?? undefined;
    } catch (e) {
      // A retried client message id breaks the unique index in the send's one statement.
      if (!isUniqueViolation(e) || !input.clientMessageId) throw e;
      const first = await this.existing(this.em, input);
      return first ? { view: first, created: false } : undefined;
    }
  }

  /**
   * Writes a message in ONE statement (a data-modifying CTE): the conversation's counter moves
   * (its row lock orders concurrent writers, so numbers follow commit order without gaps), the
   * message takes the new number, the sending person's own marks follow, and the outbox rows ride
   * along: the shopperWrote event for a person's message to a business, and the announcement
   * fallback of a posted message. With `guard` (the default), a message already written with the
   * same client message id and sender is found and returned instead (created: false), and nothing
   * moves. Six round trips (lock, look-up, insert, counters, outbox, and the ORM's flush) become one.
   * Null: nothing moved (not a member with membersOnly, or no such conversation).
   */
  async write(on: EntityManager | Querier, input: PostInput, opts: WriteOptions): Promise<Written | null> {
    const { senderKind, senderPersonId, senderBusinessId } = senderColumns(input.sender);
    const id = newId();
    const clientMessageId = input.clientMessageId ?? null;
    const trace = traceCarrier();
    const pre = opts.precondition;
    const text = `with ${pre ? `${pre.ctes},\n       ` : ''}c as (
         update conversation set last_seq = last_seq + 1, last_message_at = now(), last_message_preview = ?,
           business_read_seq = case when ?::boolean then last_seq + 1 else business_read_seq end
         where id = ?${pre ? ` and exists (select 1 from ${pre.requires})` : ''}
           and (not ?::boolean or exists (select 1 from conversation_member cm
             where cm.conversation_id = conversation.id and cm.person_id = ? and cm.left_at is null))
           and (not ?::boolean or ?::text is null or not exists (select 1 from message x
             where x.conversation_id = conversation.id and x.client_message_id = ?
               and coalesce(x.sender_person_id, x.sender_business_id) = coalesce(?::uuid, ?::uuid)))
         returning last_seq, business_id, bridge),
       m as (
         insert into message (id, conversation_id, seq, sender_kind, sender_person_id, sender_business_id, client_message_id, kind, payload)
         select ?::uuid, ?::uuid, c.last_seq, ?, ?::uuid, ?::uuid, ?, ?, ?::jsonb from c returning seq, created_at),
       r as (
         -- Only when a message was written: with none (the guard found it already there), the
         -- sender's marks stay where they are rather than become null.
         update conversation_member set last_read_seq = (select seq from m),
           last_delivered_seq = greatest(last_delivered_seq, (select seq from m))
         where conversation_id = ? and person_id = ? and exists (select 1 from m)),
       o as (
         -- With each subscriber's verdict (routingSql): the relay adds no job its subscriber would drop,
         -- and no row at all when none of them wants it (wantedSql).
         insert into outbox (id, queue, name, payload, trace_context)
         select ?::uuid, ?, ?, jsonb_build_object('conversationId', ?::text, 'businessId', c.business_id::text, 'messageId', ?::text,
                  '${ROUTING_FIELD}', ${routingSql(shopperWrote) ?? 'null'}), ?::text
           from m, c cross join lateral (select c.business_id, ?::text as kind) e
          where ?::boolean and c.business_id is not null and ${wantedSql(shopperWrote)}),
       f as (
         insert into outbox (id, queue, name, payload, available_at, trace_context)
         select ?::uuid, ?, ?, jsonb_build_object('conversationId', ?::text, 'messageId', ?::text), now() + ?::int * interval '1 millisecond', ?::text
           from m where ?::boolean),
       b as (
         insert into outbox (id, queue, name, payload, trace_context)
         select ?::uuid, ?, ?, jsonb_build_object('conversationId', ?::text, 'messageId', ?::text, 'bridge', c.bridge), ?::text
           from m, c where c.bridge is not null and ?::text in ('business', 'bot'))${
             opts.alongside ? `,\n       posted as (select seq from m),\n       ${opts.alongside.ctes}` : ''
           }
       select seq, created_at${opts.alongside?.returning ? `, ${opts.alongside.returning}` : ''} from m`;
    const params = [
      ...(pre?.params ?? []),
      previewOf(input.kind, input.payload),
      senderKind !== 'person' && senderKind !== 'system',
      input.conversationId,
      opts.membersOnly ?? false,
      senderPersonId,
      opts.guard ?? true,
      clientMessageId,
      clientMessageId,
      senderPersonId,
      senderBusinessId,
      id,
      input.conversationId,
      senderKind,
      senderPersonId,
      senderBusinessId,
      clientMessageId,
      input.kind,
      JSON.stringify(input.payload),
      input.conversationId,
      senderKind === 'person' ? senderPersonId : null,
      newId(),
      shopperWrote.queue,
      shopperWrote.name,
      input.conversationId,
      id,
      trace,
      input.kind,
      (opts.shopperWrote ?? false) && senderKind === 'person',
      opts.fallback?.id ?? null,
      messagePosted.queue,
      messagePosted.name,
      input.conversationId,
      id,
      opts.fallback?.delayMs ?? 0,
      trace,
      opts.fallback !== undefined,
      newId(),
      businessWroteBridged.queue,
      businessWroteBridged.name,
      input.conversationId,
      id,
      trace,
      senderKind,
      ...(opts.alongside?.params ?? []),
    ];
    const [row] =
      on instanceof EntityManager
        ? await on.execute<WrittenRow[]>(text, params)
        : await queryNumbered<WrittenRow>(on, text, params);
    if (!row) {
      // Nothing moved: the precondition failed (the caller decides again), already written (the
      // guard), not a member (membersOnly), or no such conversation.
      if (pre) return null;
      const found = opts.guard !== false && clientMessageId ? await this.existing(on, input) : null;
      return found ? { view: found, created: false } : null;
    }
    const view: MessageView = {
      id,
      conversationId: input.conversationId,
      seq: Number(row.seq),
      senderKind,
      senderPersonId,
      senderBusinessId,
      clientMessageId,
      kind: input.kind,
      payload: input.payload,
      failedReason: null,
      createdAt: new Date(row.created_at).toISOString(),
      deletedAt: null,
    };
    const { seq: _seq, created_at: _at, ...alongside } = row;
    return { view, created: true, ...(opts.alongside?.returning && { alongside }) };
  }

  /** The message a sender already wrote with this client message id, if any (rare: retries). */
  async existing(on: EntityManager | Querier, input: PostInput): Promise<MessageView | null> {
    const em = on instanceof EntityManager ? on : this.em;
    const { senderPersonId, senderBusinessId } = senderColumns(input.sender);
    const [row] = await em.execute<Record<string, unknown>[]>(
      `select * from message where conversation_id = ? and client_message_id = ?
          and coalesce(sender_person_id, sender_business_id) = coalesce(?::uuid, ?::uuid)`,
      [input.conversationId, input.clientMessageId ?? null, senderPersonId, senderBusinessId],
    );
    return row ? viewOf(em.map(Message, row)) : null;
  }
}

const numberedTexts = new Map<string, { text: string; name: string }>();

/**
 * Runs a statement written with `?` placeholders on a Querier, prepared (Querier's `prepared`):
 * the 3 KB statement is sent, parsed and planned once per connection instead of at every message,
 * whoever runs it (the pool, `Sql.preparing`, a transaction). The statements here have no other
 * `?` (no jsonb `?` operators, no literals holding one); a handful of texts, each reused, kept
 * with their numbered form and name (past 64, run unprepared and not kept).
 */
function queryNumbered<R extends Record<string, unknown>>(on: Querier, text: string, params: unknown[]): Promise<R[]> {
  let out = numberedTexts.get(text);
  if (out === undefined) {
    let n = 0;
    const pg = text.replace(/\?/g, () => `$${++n}`);
    if (numberedTexts.size >= 64) return on.query<R>(pg, params);
    out = { text: pg, name: statementName(pg) };
    numberedTexts.set(text, out);
  }
  return on.query<R>(out.text, params, out.name);
}

export function senderColumns(sender: Sender): {
  senderKind: SenderKind;
  senderPersonId: string | null;
  senderBusinessId: string | null;
} {
  switch (sender.kind) {
    case 'person':
      return { senderKind: 'person', senderPersonId: sender.personId, senderBusinessId: null };
    case 'business':
      return { senderKind: 'business', senderPersonId: sender.personId ?? null, senderBusinessId: sender.businessId };
    case 'bot':
      return { senderKind: 'bot', senderPersonId: null, senderBusinessId: sender.businessId };
    case 'system':
      return { senderKind: 'system', senderPersonId: null, senderBusinessId: null };
  }
}
