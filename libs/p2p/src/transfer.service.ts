import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import {
  DomainError,
  InvalidInputError,
  isUniqueViolation,
  money,
  NotFoundError,
  numbered,
  OutboxMessage,
  Sql,
  statementName,
  type Querier,
  type RequestContext,
} from '@kedai/core';
import { ConversationService, MessageService, type MessageView, type PostInput, storedMoney } from '@kedai/chat';
import {
  EligibilityService,
  IdempotencyMismatchError,
  NotEligibleError,
  oneCallIntentId,
  PaymentIntentNotFoundError,
  PaymentsService,
  PinService,
  type IntentView,
} from '@kedai/payments';
import { BlockService } from './block.service';
import { MoneyRequest } from './entities/money-request.entity';
import { PaymentLink } from './entities/safety.entities';
import { Transfer } from './entities/transfer.entity';
import { BlockedError, LimitExceededError, SelfTransferError, TransferNotFoundError } from './errors';
import { settleTransfer } from './p2p.jobs';
import { p2pConfig, type P2pConfig } from './p2p.config';
import { moveRequest, moveTransfer } from './p2p-states';

/** Payment states in which money has moved or is moving: the transfer's status must follow them. */
const STARTED: IntentView['state'][] = ['processing', 'requires_action', 'requires_capture', 'succeeded'];
/** Refusals that say nothing about the payment (another call holds it, or was made otherwise): never a transfer's failure. */
const UNDECIDED = ['REQUEST_IN_PROGRESS', 'IDEMPOTENCY_MISMATCH', 'ALREADY_PAID'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long after a transfer starts the worker checks that it settled (a PSP answer can come by webhook later). */
const SETTLE_CHECK_MS = 30_000;

export interface PayWith {
  fundingSourceId?: string;
  pin?: string;
}

export interface NewTransfer {
  conversationId: string;
  recipientId: string;
  amountMinor: bigint;
  currency: string;
  note: string;
  idempotencyKey: string;
}

/**
 * Transfers between people. A transfer row is written first (with the limits checked under the
 * sender's advisory lock), then paid by a payment intent whose payee is the recipient: payments
 * posts the one balanced ledger transaction (sender's funding → recipient's wallet) when it
 * succeeds. A `payment` message in the conversation tells both people, and a follow-up when a
 * payment that was still processing settles (chat messages are immutable, so status changes are
 * new messages with the same paymentId; the `transfer` query always has the live status).
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly em: EntityManager,
    private readonly sql: Sql,
    private readonly payments: PaymentsService,
    private readonly eligibility: EligibilityService,
    private readonly pins: PinService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly blocks: BlockService,
    @Inject(p2pConfig.KEY) private readonly config: P2pConfig,
  ) {}

  /** Sends money in a conversation: to the other person of a direct chat, or to one member of a group. */
  async send(
    ctx: RequestContext,
    input: {
      conversationId: string;
      recipientId?: string | null;
      amountMinor: bigint;
      currency: string;
      note?: string | null;
      idempotencyKey: string;
    } & PayWith,
  ): Promise<Transfer> {
    const senderId = ctx.requirePerson();
    const facts = await this.sendFacts(senderId, input.conversationId, input.idempotencyKey);
    // A direct or group conversation the sender is in (the transfer's case): chat's access rule
    // read in the same statement. Anything else goes through chat's own calls, for their refusals.
    const recipientId =
      facts.member && (facts.kind === 'direct' || facts.kind === 'group')
        ? pickRecipient(facts.kind, facts.members, senderId, input.recipientId ?? null)
        : await this.counterpart(ctx, input.conversationId, input.recipientId ?? null);
    const wanted: NewTransfer = {
      conversationId: input.conversationId,
      recipientId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      note: input.note ?? '',
      idempotencyKey: input.idempotencyKey,
    };
    if (facts.existing) {
      const existing = await this.em.fork().findOneOrFail(Transfer, { senderId, idempotencyKey: input.idempotencyKey });
      return this.replay(ctx, existing, wanted, input);
    }
    checkAmount(input.amountMinor, input.currency);
    if (recipientId === senderId) throw new SelfTransferError();
    if (facts.blocked_with.includes(recipientId)) throw new BlockedError();
    if (input.amountMinor > this.config.maxTransferMinor)
      throw new LimitExceededError('per_transfer', this.config.maxTransferMinor);
    const problem = this.eligibility.problemOf({
      phoneVerifiedAt: facts.phone_verified_at,
      dateOfBirth: facts.date_of_birth,
      country: facts.country,
    });
    if (problem) throw new NotEligibleError(problem);
    if (facts.pin_set) await this.pins.requireSet(ctx, input.pin);
    let transfer: Transfer;
    try {
      transfer = await this.sql.transaction((tx) => this.write(tx, senderId, wanted));
    } catch (err) {
      // The same key sent twice at once: the second finds the first's row.
      if (!isUniqueViolation(err)) throw err;
      const first = await this.em.fork().findOneOrFail(Transfer, { senderId, idempotencyKey: input.idempotencyKey });
      return this.replay(ctx, first, wanted, input);
    }
    return this.pay(ctx, transfer, input);
  }

  /**
   * What `send` reads before it writes, in one statement: whether this key sent already, the
   * people blocked either way with the sender, the sender's eligibility fields and whether they
   * have a PIN (`precheck`'s reads), and the conversation: its kind, whether the sender is in it
   * (chat's access rule for a person) and its members (what `counterpart` reads through chat).
   * It reads identity's, payments' and chat's tables directly, read-only and by key, the columns
   * their services would return: the hot path's one round trip instead of five. Their owners'
   * rules it restates (a member is a row with no `left_at`) are covered by p2p.e2e-spec's refusals
   * (not a member, left the group, blocked, no PIN), which fail if a table's meaning changes.
   */
  private async sendFacts(senderId: string, conversationId: string, key: string): Promise<SendFacts> {
    const [row] = await this.sql.prepared<SendFacts>(
      `select exists (select 1 from transfer where sender_id = p.id and idempotency_key = $1) as existing,
              array(select blocked_id from p2p_block where blocker_id = p.id
                    union all select blocker_id from p2p_block where blocked_id = p.id) as blocked_with,
              p.phone_verified_at, p.date_of_birth::text as date_of_birth, p.country,
              exists (select 1 from payment_pin where person_id = p.id) as pin_set,
              c.kind, coalesce(c.members, '{}') as members, coalesce(p.id = any(c.members), false) as member
         from person p
         left join lateral (
           select c.kind, array(select m.person_id from conversation_member m
                                 where m.conversation_id = c.id and m.left_at is null order by m.joined_at) as members
             from conversation c where c.id = $2) c on true
        where p.id = $3`,
      [key, conversationId, senderId],
    );
    if (!row) throw new NotFoundError('Your account');
    return row;
  }

  /**
   * What every way of sending checks before anything is written: two different people, no block
   * either way, the per-transfer limit, the sender's eligibility and PIN (so a refusal moves nothing).
   */
  async precheck(ctx: RequestContext, recipientId: string, amountMinor: bigint, currency: string, pin?: string): Promise<void> {
    const senderId = ctx.requirePerson();
    checkAmount(amountMinor, currency);
    if (recipientId === senderId) throw new SelfTransferError();
    await this.blocks.assertNotBlocked(senderId, recipientId);
    if (amountMinor > this.config.maxTransferMinor) throw new LimitExceededError('per_transfer', this.config.maxTransferMinor);
    await this.eligibility.assertPayer(ctx);
    await this.pins.requireIfSet(ctx, pin);
  }

  /**
   * Writes a pending transfer in the caller's transaction. The sender's advisory lock (held to the
   * commit) queues their concurrent sends, so the daily sum each one checks includes the others.
   */
  async open(tx: EntityManager, senderId: string, input: NewTransfer): Promise<Transfer> {
    return this.write({ query: async (text, params = []) => tx.execute(text, params) }, senderId, input, '?');
  }

  /** `open`, on an EntityManager's transaction (placeholders `?`) or one of `Sql`'s (numbered). */
  private async write(tx: Querier, senderId: string, input: NewTransfer, placeholders: '?' | '$n' = '$n'): Promise<Transfer> {
    if (input.amountMinor > this.config.maxTransferMinor)
      throw new LimitExceededError('per_transfer', this.config.maxTransferMinor);
    const text = (sql: string) => (placeholders === '?' ? sql : numbered(sql));
    // Without parameters (a person's id is a UUID, checked): Sql sends BEGIN with it in one round trip.
    if (UUID.test(senderId)) await tx.query(`select pg_advisory_xact_lock(hashtextextended('p2p:send:${senderId}', 0))`);
    else await tx.query(text(`select pg_advisory_xact_lock(hashtextextended(?, 0))`), [`p2p:send:${senderId}`]);
    const transfer = new Transfer({ ...input, senderId });
    // Whatever happens to this process, the worker looks again and settles the transfer from its intent.
    const settle = new OutboxMessage(
      settleTransfer.queue,
      settleTransfer.name,
      { transferId: transfer.id },
      new Date(Date.now() + SETTLE_CHECK_MS),
    );
    // A statement after the lock's (a snapshot that sees every send the lock waited for): the
    // day's sum, and only within the limit the transfer and its settle job.
    const statement = text(`with sent as (
         select coalesce(sum(amount_minor), 0) as sent from transfer
          where sender_id = ? and currency = ? and status <> 'failed'
            and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'),
       t as (
         insert into transfer (id, conversation_id, sender_id, recipient_id, amount_minor, currency, note, status, intent_id,
                               idempotency_key, created_at, updated_at)
         select ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ? from sent where sent.sent + ?::bigint <= ?::bigint
         returning id),
       o as (
         insert into outbox (id, queue, name, payload, available_at, trace_context)
         select ?, ?, ?, ?::jsonb, ?, ? from t)
       select sent::text as sent, exists (select 1 from t) as made from sent`);
    // Prepared on Sql (planning it cost PostgreSQL 0.18 ms a time); an EntityManager's Querier ignores the name.
    const [row] = await tx.query<{ sent: string; made: boolean }>(
      statement,
      [
        senderId,
        input.currency,
        transfer.id,
        transfer.conversationId,
        senderId,
        transfer.recipientId,
        transfer.amountMinor.toString(),
        transfer.currency,
        transfer.note,
        transfer.intentId,
        transfer.idempotencyKey,
        transfer.createdAt,
        transfer.updatedAt,
        transfer.amountMinor.toString(),
        this.config.dailyLimitMinor.toString(),
        // The transfer's own id: `complete` drops this check by it when the transfer completes at once.
        transfer.id,
        settle.queue,
        settle.name,
        JSON.stringify(settle.payload),
        settle.availableAt,
        settle.traceContext,
      ],
      placeholders === '$n' ? statementName(statement) : undefined,
    );
    if (!row.made) throw new LimitExceededError('daily', this.config.dailyLimitMinor);
    return transfer;
  }

  /**
   * Pays a pending transfer: its intent (created once, keyed by the transfer), confirmed with the
   * source and PIN. Several calls may pay one transfer at once (duplicates of one sendMoney): the
   * intent calls are idempotent and a duplicate waits for the first one's outcome, so all of them
   * answer the same. The transfer's status follows its payment, never a duplicate's refusal: a
   * refusal fails the transfer only when its payment has not started.
   */
  async pay(ctx: RequestContext, transfer: Transfer, using: PayWith): Promise<Transfer> {
    let view: IntentView;
    try {
      // One call under one key: duplicates wait for the first's outcome, and a retry after a crash
      // finds the first try's intent (its id follows from the key, as the transfer row names it).
      view = await this.payments.createAndConfirm(
        ctx,
        {
          amountMinor: transfer.amountMinor,
          currency: transfer.currency,
          purpose: { kind: 'transfer', referenceId: transfer.id },
          businessId: null,
          payeePersonId: transfer.recipientId,
          fundingSourceId: using.fundingSourceId,
          idempotencyKey: payKey(transfer.id),
        },
        using.pin,
      );
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      const live = await this.intentOf(ctx, transfer);
      // Money moved or moving: the transfer answers what the payment did, not this call's refusal.
      if (live && STARTED.includes(live.state)) return this.settleFrom(transfer, live, true);
      if (!UNDECIDED.includes(err.code)) await this.finish(transfer, { failed: { code: err.code, message: err.message } }, false);
      throw err;
    }
    return this.settleFrom(transfer, view, true);
  }

  /** The transfer's payment as it is now; null when none was written (the payment was refused before). */
  private async intentOf(ctx: RequestContext, transfer: Transfer): Promise<IntentView | null> {
    const id = transfer.intentId ?? oneCallIntentId(transfer.senderId, payKey(transfer.id));
    try {
      return await this.payments.getIntent(ctx, id);
    } catch (err) {
      if (err instanceof PaymentIntentNotFoundError) return null;
      throw err;
    }
  }

  /** Applies what the intent says: succeeded completes the transfer, a failure fails it, anything else waits. */
  async settleFrom(transfer: Transfer, view: IntentView, firstTime: boolean): Promise<Transfer> {
    if (view.state === 'succeeded') return this.finish(transfer, 'completed', true, view.id);
    if (view.state === 'requires_payment_method' || view.state === 'canceled')
      return this.finish(
        transfer,
        {
          failed: {
            code: view.failureCode ?? 'PAYMENT_FAILED',
            message: view.failureMessage ?? 'The payment did not go through',
          },
        },
        !firstTime,
        view.id,
      );
    if (firstTime) {
      // Still with the PSP (processing, 3-D Secure): both people see it is on its way.
      const posted: MessageView[] = [];
      await this.em.fork().transactional(async (tx) => {
        const t = await tx.findOneOrFail(Transfer, { id: transfer.id });
        t.intentId ??= view.id;
        if (t.status === 'pending') posted.push(await this.say(tx, t));
      });
      await this.messages.announce(posted);
    }
    return this.em.fork().findOneOrFail(Transfer, { id: transfer.id });
  }

  /** The worker's look at a transfer some time after it started. Throws (to be retried) while the PSP still has it. */
  async settleLater(ctx: RequestContext, transferId: string): Promise<void> {
    const [row] = await this.sql.query<Record<string, unknown> & { told: boolean }>(
      // Whether the message for its status is in the conversation (by chat's unique client id index),
      // read here rather than through chat so the settle check stays one statement per transfer.
      `select t.*, exists (select 1 from message m
                            where m.conversation_id = t.conversation_id and coalesce(m.sender_person_id, m.sender_business_id) = t.sender_id
                              and m.client_message_id = 'transfer:' || t.id || ':' || t.status) as told
         from transfer t where t.id = $1`,
      [transferId],
    );
    if (!row) return;
    const { told, ...columns } = row;
    const transfer = this.em.fork().map(Transfer, columns);
    if (transfer.status === 'completed' && !told) {
      // Completed without its message (a transfer completed before the two were one statement): both people hear of it now.
      await this.messages.announce([await this.messages.post(this.em.fork(), paymentMessage(transfer), { announcing: true })]);
      return;
    }
    if (transfer.status !== 'pending') return;
    const payer = ctx.as({ kind: 'person', personId: transfer.senderId, sessionId: 'p2p-worker' });
    const view = await this.intentOf(payer, transfer);
    if (!view) {
      // The sending process stopped before it created the payment: nothing was charged.
      await this.finish(transfer, { failed: { code: 'ABANDONED', message: 'The transfer did not start' } }, false);
      return;
    }
    const after = await this.settleFrom(transfer, view, false);
    if (after.status === 'pending') throw new Error(`transfer ${transferId} is still ${view.state}; looking again later`);
  }

  /** A transfer either side of it may see. */
  async get(ctx: RequestContext, id: string): Promise<Transfer> {
    const personId = ctx.requirePerson();
    const transfer = await this.em.fork().findOne(Transfer, { id });
    if (!transfer || (transfer.senderId !== personId && transfer.recipientId !== personId)) throw new TransferNotFoundError();
    return transfer;
  }

  /** The caller's transfers, sent and received, newest first. */
  async mine(ctx: RequestContext, first: number): Promise<Transfer[]> {
    const personId = ctx.requirePerson();
    return this.em
      .fork()
      .find(
        Transfer,
        { $or: [{ senderId: personId }, { recipientId: personId }] },
        { orderBy: { createdAt: 'desc' }, limit: first },
      );
  }

  /** The other person of a direct conversation, or the named member of a group; the caller must be in it. */
  async counterpart(ctx: RequestContext, conversationId: string, recipientId: string | null): Promise<string> {
    const personId = ctx.requirePerson();
    const conversation = await this.conversations.get(ctx, conversationId);
    if (conversation.kind === 'business')
      throw new InvalidInputError([
        { field: 'conversationId', messages: ['Pay a business through its order, not as a transfer'] },
      ]);
    const members = (await this.conversations.members(ctx, conversationId)).map((m) => m.personId);
    return pickRecipient(conversation.kind, members, personId, recipientId);
  }

  private async replay(ctx: RequestContext, existing: Transfer, wanted: NewTransfer, using: PayWith): Promise<Transfer> {
    const same =
      existing.conversationId === wanted.conversationId &&
      existing.recipientId === wanted.recipientId &&
      existing.amountMinor === wanted.amountMinor &&
      existing.currency === wanted.currency &&
      existing.note === wanted.note;
    if (!same) throw new IdempotencyMismatchError();
    // A duplicate while the first still pays, or a retry of one that stopped half-way, goes
    // through the same idempotent intent calls: it waits for the first's outcome and answers it.
    if (existing.status === 'pending') return this.pay(ctx, existing, using);
    return existing;
  }

  /**
   * Completes or fails a pending transfer under its lock, and moves what it paid for (a request, a
   * one-off link) in the same transaction: paid or used, or back to open when the payment failed.
   * Records `intentId`, the payment that decided it, when the transfer does not name it yet (its id
   * follows from the transfer, see `pay`, but the row can only name it once it exists).
   */
  async finish(
    pending: Transfer,
    to: 'completed' | { failed: { code: string; message: string } },
    tell: boolean,
    intentId: string | null = null,
  ): Promise<Transfer> {
    const transferId = pending.id;
    const posted: MessageView[] = [];
    const status = to === 'completed' ? 'completed' : 'failed';
    // The transition table's word on pending → completed / failed, checked before the guarded update makes it.
    moveTransfer({ status: 'pending', updatedAt: new Date() }, status);
    if (to === 'completed') {
      const done = await this.complete(pending, intentId);
      if (done) return done;
    }
    const failure = to === 'completed' ? null : to.failed;
    const transfer = await this.em.fork().transactional(async (tx) => {
      // The transfer's lock and move in one statement, which also says whether a request or a link waits on it.
      const [row] = await tx.execute<(Record<string, unknown> & { has_request: boolean; has_link: boolean })[]>(
        `update transfer set status = ?, updated_at = now(), intent_id = coalesce(intent_id, ?),
             failure_code = coalesce(?, failure_code), failure_message = coalesce(?, failure_message)
           where id = ? and status = 'pending'
           returning *, exists (select 1 from money_request where transfer_id = transfer.id) as has_request,
                     exists (select 1 from payment_link where transfer_id = transfer.id) as has_link`,
        [status, intentId, failure?.code.slice(0, 100) ?? null, failure?.message.slice(0, 500) ?? null, transferId],
      );
      if (!row) return tx.findOneOrFail(Transfer, { id: transferId });
      const { has_request: hasRequest, has_link: hasLink, ...columns } = row;
      const t = tx.map(Transfer, columns);
      const request = hasRequest
        ? await tx.findOne(MoneyRequest, { transferId }, { lockMode: LockMode.PESSIMISTIC_WRITE })
        : null;
      const link = hasLink ? await tx.findOne(PaymentLink, { transferId }, { lockMode: LockMode.PESSIMISTIC_WRITE }) : null;
      if (to === 'completed') {
        if (request) moveRequest(request, 'paid', 'system');
        if (link) {
          link.status = 'used';
          link.updatedAt = new Date();
        }
      } else {
        if (request) {
          moveRequest(request, 'pending', 'system');
          request.transferId = null;
        }
        if (link) {
          link.status = 'active';
          link.transferId = null;
          link.updatedAt = new Date();
        }
      }
      await tx.flush();
      if (to === 'completed' || tell) posted.push(await this.say(tx, t));
      return t;
    });
    await this.messages.announce(posted);
    return transfer;
  }

  /**
   * `finish`'s common case, in ONE statement and no transaction: the pending transfer completes
   * (nothing else waiting on it: no request, no link), its `payment` message is posted, and its
   * settle check (the outbox row `write` made, by the transfer's id) is dropped, each only with the
   * one before (MessageService.postIf). One statement is atomic by itself: a process killed before
   * it leaves the transfer pending for the settle check, after it all is done. Were three round
   * trips (the update, the post, and the settle job's look 30 s later). Null when anything else
   * holds (a request or link pays with it, it moved already): `finish` decides that under its lock.
   * `transfer` is the pending one the caller holds; it is answered completed.
   */
  private async complete(transfer: Transfer, intentId: string | null): Promise<Transfer | null> {
    const updatedAt = new Date();
    const view = await this.messages.postIf(
      this.sql,
      paymentMessage({ ...transfer, status: 'completed' }),
      {
        ctes: `done as (
           update transfer set status = 'completed', updated_at = ?::timestamptz, intent_id = coalesce(intent_id, ?::uuid)
            where id = ?::uuid and status = 'pending'
              and not exists (select 1 from money_request where transfer_id = ?::uuid)
              and not exists (select 1 from payment_link where transfer_id = ?::uuid)
            returning id)`,
        params: [updatedAt, intentId, transfer.id, transfer.id, transfer.id],
        requires: 'done',
      },
      {
        ctes: `settle_dropped as (
           update outbox set sent_at = now() where id = ?::uuid and sent_at is null and exists (select 1 from posted))`,
        params: [transfer.id],
      },
    );
    if (!view) return null;
    await this.messages.announce([view]);
    transfer.status = 'completed';
    transfer.updatedAt = updatedAt;
    transfer.intentId ??= intentId;
    return transfer;
  }

  /** The `payment` message for the transfer's status now, once per status. */
  private async say(tx: EntityManager, t: Transfer): Promise<MessageView> {
    // Every caller announces it after its commit: the outbox only if that never happens.
    return this.messages.post(tx, paymentMessage(t), { announcing: true });
  }
}

/** A transfer's `payment` message for its status now; its client id makes it once per status. */
function paymentMessage(
  t: Pick<Transfer, 'id' | 'conversationId' | 'senderId' | 'amountMinor' | 'currency' | 'status' | 'note' | 'failureMessage'>,
): PostInput {
  return {
    conversationId: t.conversationId,
    sender: { kind: 'person', personId: t.senderId },
    kind: 'payment',
    payload: {
      paymentId: t.id,
      amount: storedMoney(t.amountMinor, t.currency),
      status: t.status,
      ...(t.note ? { note: t.note } : t.failureMessage ? { note: t.failureMessage } : {}),
    },
    clientMessageId: `transfer:${t.id}:${t.status}`,
  };
}

/**
 * The person a transfer in this conversation pays: the other person of a direct chat, or the
 * named member of a group (the caller being a member, which the caller has checked).
 */
function pickRecipient(kind: string, members: string[], personId: string, recipientId: string | null): string {
  if (kind === 'direct') {
    const other = members.find((m) => m !== personId);
    if (!other) throw new InvalidInputError([{ field: 'conversationId', messages: ['Nobody else is in this conversation'] }]);
    if (recipientId && recipientId !== other && recipientId !== personId)
      throw new InvalidInputError([{ field: 'recipientId', messages: ['Not a member of this conversation'] }]);
    return recipientId ?? other;
  }
  if (!recipientId) throw new InvalidInputError([{ field: 'recipientId', messages: ['Name the group member to pay'] }]);
  if (!members.includes(recipientId))
    throw new InvalidInputError([{ field: 'recipientId', messages: ['Not a member of this conversation'] }]);
  return recipientId;
}

/** The idempotency key of a transfer's one-call payment. */
const payKey = (transferId: string): string => `transfer:${transferId}:pay`;

/** What `send` reads in one statement. */
interface SendFacts {
  existing: boolean;
  blocked_with: string[];
  phone_verified_at: Date | null;
  date_of_birth: string | null;
  country: string | null;
  pin_set: boolean;
  /** The conversation's kind (null: no such conversation), its current members, and whether the sender is one. */
  kind: string | null;
  members: string[];
  member: boolean;
}

/** A positive amount in a real currency, within what an intent may carry. */
export function checkAmount(amountMinor: bigint, currency: string): void {
  try {
    money(amountMinor, currency);
  } catch {
    throw new InvalidInputError([{ field: 'currency', messages: ['Use an ISO-4217 currency code'] }]);
  }
  if (amountMinor <= 0n || amountMinor > 10n ** 12n)
    throw new InvalidInputError([{ field: 'amount', messages: ['The amount must be a positive number of minor units'] }]);
}
