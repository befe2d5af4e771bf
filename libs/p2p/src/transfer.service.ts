import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, InvalidInputError, money, NotFoundError, OutboxMessage, type RequestContext } from '@kedai/core';
import { ConversationService, MessageService, type MessageView, storedMoney } from '@kedai/chat';
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
    const recipientId = await this.counterpart(ctx, input.conversationId, input.recipientId ?? null);
    const wanted: NewTransfer = {
      conversationId: input.conversationId,
      recipientId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      note: input.note ?? '',
      idempotencyKey: input.idempotencyKey,
    };
    const facts = await this.sendFacts(senderId, recipientId, input.idempotencyKey);
    if (facts.existing) {
      const existing = await this.em.fork().findOneOrFail(Transfer, { senderId, idempotencyKey: input.idempotencyKey });
      return this.replay(ctx, existing, wanted, input);
    }
    checkAmount(input.amountMinor, input.currency);
    if (recipientId === senderId) throw new SelfTransferError();
    if (facts.blocked) throw new BlockedError();
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
      transfer = await this.em.fork().transactional((tx) => this.open(tx, senderId, wanted));
    } catch (err) {
      // The same key sent twice at once: the second finds the first's row.
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      const first = await this.em.fork().findOneOrFail(Transfer, { senderId, idempotencyKey: input.idempotencyKey });
      return this.replay(ctx, first, wanted, input);
    }
    return this.pay(ctx, transfer, input);
  }

  /**
   * What `send` reads before it writes, in one statement: whether this key sent already, a block
   * either way, the sender's eligibility fields and whether they have a PIN (`precheck`'s reads).
   */
  private async sendFacts(senderId: string, recipientId: string, key: string): Promise<SendFacts> {
    const [row] = await this.em.fork().execute<SendFacts[]>(
      `select exists (select 1 from transfer where sender_id = p.id and idempotency_key = ?) as existing,
              exists (select 1 from p2p_block where (blocker_id = p.id and blocked_id = ?) or (blocker_id = ? and blocked_id = p.id)) as blocked,
              p.phone_verified_at, p.date_of_birth::text as date_of_birth, p.country,
              exists (select 1 from payment_pin where person_id = p.id) as pin_set
         from person p where p.id = ?`,
      [key, recipientId, recipientId, senderId],
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
    if (input.amountMinor > this.config.maxTransferMinor)
      throw new LimitExceededError('per_transfer', this.config.maxTransferMinor);
    await tx.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [`p2p:send:${senderId}`]);
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
    const [row] = await tx.execute<{ sent: string; made: boolean }[]>(
      `with sent as (
         select coalesce(sum(amount_minor), 0) as sent from transfer
          where sender_id = ? and currency = ? and status <> 'failed'
            and created_at >= date_trunc('day', now() at time zone 'UTC') at time zone 'UTC'),
       t as (
         insert into transfer (id, conversation_id, sender_id, recipient_id, amount_minor, currency, note, status, intent_id,
                               idempotency_key, created_at, updated_at)
         select ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ? from sent where sent.sent + ? <= ?
         returning id),
       o as (
         insert into outbox (id, queue, name, payload, available_at, trace_context)
         select ?, ?, ?, ?::jsonb, ?, ? from t)
       select sent::text as sent, exists (select 1 from t) as made from sent`,
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
        settle.id,
        settle.queue,
        settle.name,
        JSON.stringify(settle.payload),
        settle.availableAt,
        settle.traceContext,
      ],
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
      if (live && STARTED.includes(live.state)) return this.settleFrom(transfer.id, live, true);
      if (!UNDECIDED.includes(err.code))
        await this.finish(transfer.id, { failed: { code: err.code, message: err.message } }, false);
      throw err;
    }
    return this.settleFrom(transfer.id, view, true);
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
  async settleFrom(transferId: string, view: IntentView, firstTime: boolean): Promise<Transfer> {
    if (view.state === 'succeeded') return this.finish(transferId, 'completed', true, view.id);
    if (view.state === 'requires_payment_method' || view.state === 'canceled')
      return this.finish(
        transferId,
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
        const t = await tx.findOneOrFail(Transfer, { id: transferId });
        t.intentId ??= view.id;
        if (t.status === 'pending') posted.push(await this.say(tx, t));
      });
      await this.messages.announce(posted);
    }
    return this.em.fork().findOneOrFail(Transfer, { id: transferId });
  }

  /** The worker's look at a transfer some time after it started. Throws (to be retried) while the PSP still has it. */
  async settleLater(ctx: RequestContext, transferId: string): Promise<void> {
    const transfer = await this.em.fork().findOne(Transfer, { id: transferId });
    if (!transfer || transfer.status !== 'pending') return;
    const payer = ctx.as({ kind: 'person', personId: transfer.senderId, sessionId: 'p2p-worker' });
    const view = await this.intentOf(payer, transfer);
    if (!view) {
      // The sending process stopped before it created the payment: nothing was charged.
      await this.finish(transferId, { failed: { code: 'ABANDONED', message: 'The transfer did not start' } }, false);
      return;
    }
    const after = await this.settleFrom(transferId, view, false);
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
    if (conversation.kind === 'direct') {
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
    transferId: string,
    to: 'completed' | { failed: { code: string; message: string } },
    tell: boolean,
    intentId: string | null = null,
  ): Promise<Transfer> {
    const posted: MessageView[] = [];
    const status = to === 'completed' ? 'completed' : 'failed';
    // The transition table's word on pending → completed / failed, checked before the guarded update makes it.
    moveTransfer({ status: 'pending', updatedAt: new Date() }, status);
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

  /** The `payment` message for the transfer's status now, once per status. */
  private async say(tx: EntityManager, t: Transfer): Promise<MessageView> {
    return this.messages.post(
      tx,
      {
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
      },
      // Every caller announces it after its commit: the outbox only if that never happens.
      { announcing: true },
    );
  }
}

/** The idempotency key of a transfer's one-call payment. */
const payKey = (transferId: string): string => `transfer:${transferId}:pay`;

/** What `send` reads in one statement. */
interface SendFacts {
  existing: boolean;
  blocked: boolean;
  phone_verified_at: Date | null;
  date_of_birth: string | null;
  country: string | null;
  pin_set: boolean;
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
