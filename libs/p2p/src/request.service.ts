import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { allocate, InvalidInputError, money, OutboxService, type RequestContext } from '@kedai/core';
import { ConversationService, MessageService, type MessageView, storedMoney } from '@kedai/chat';
import { IdempotencyMismatchError } from '@kedai/payments';
import { BlockService } from './block.service';
import { MoneyRequest, MoneyRequestGroup, type Split } from './entities/money-request.entity';
import { Transfer } from './entities/transfer.entity';
import { LimitExceededError, MoneyRequestNotFoundError, RequestClosedError, SelfTransferError } from './errors';
import { expireRequest } from './p2p.jobs';
import { p2pConfig, type P2pConfig } from './p2p.config';
import { canMoveRequest, moveRequest, type RequestMover, type RequestStatus } from './p2p-states';
import { checkAmount, TransferService, type PayWith } from './transfer.service';

/** Splits a total among members: evenly (parts differ by at most one minor unit) or by given amounts; parts sum to the total. */
export function splitTotal(total: bigint, currency: string, split: Split, count: number, amounts?: bigint[]): bigint[] {
  if (count < 1) throw new InvalidInputError([{ field: 'memberIds', messages: ['Ask at least one member'] }]);
  if (split === 'even')
    return allocate(
      money(total, currency),
      Array.from({ length: count }, () => 1),
    ).map((m) => m.amount);
  if (!amounts || amounts.length !== count)
    throw new InvalidInputError([{ field: 'amounts', messages: ['Give one amount per member'] }]);
  if (amounts.some((a) => a <= 0n))
    throw new InvalidInputError([{ field: 'amounts', messages: ['Every part must be positive'] }]);
  if (amounts.reduce((a, b) => a + b, 0n) !== total)
    throw new InvalidInputError([{ field: 'amounts', messages: ['The parts must add up to the total'] }]);
  return amounts;
}

/**
 * Money requests, to one person or split among a group's members. Every move is checked against
 * REQUEST_TRANSITIONS with the request's row locked; paying claims the request first (pending →
 * paying, with its transfer) and only the transfer's outcome moves it on, so a cancel or decline
 * racing a payment gets REQUEST_CLOSED and the request is paid at most once.
 */
@Injectable()
export class RequestService {
  constructor(
    private readonly em: EntityManager,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly transfers: TransferService,
    private readonly blocks: BlockService,
    private readonly outbox: OutboxService,
    @Inject(p2pConfig.KEY) private readonly config: P2pConfig,
  ) {}

  /** Asks the other person of a direct conversation for money. */
  async request(
    ctx: RequestContext,
    input: { conversationId: string; amountMinor: bigint; currency: string; note?: string | null; expiresInS?: number | null },
  ): Promise<MoneyRequest> {
    const requesterId = ctx.requirePerson();
    checkAmount(input.amountMinor, input.currency);
    const conversation = await this.conversations.get(ctx, input.conversationId);
    if (conversation.kind !== 'direct')
      throw new InvalidInputError([{ field: 'conversationId', messages: ['Ask a group with requestMoneyFromGroup'] }]);
    const payerId = await this.transfers.counterpart(ctx, input.conversationId, null);
    await this.checkParties(requesterId, payerId, input.amountMinor);
    const expiresAt = this.expiry(input.expiresInS);
    const posted: MessageView[] = [];
    const request = await this.em.fork().transactional(async (tx) => {
      const r = new MoneyRequest({ ...input, note: input.note ?? '', requesterId, payerId, expiresAt });
      tx.persist(r);
      this.outbox.enqueue(tx, expireRequest, { requestId: r.id }, { delayMs: expiresAt.getTime() - Date.now() + 1000 });
      await tx.flush();
      posted.push(
        await this.say(tx, r.conversationId, requesterId, r.id, r.amountMinor, r.currency, 'pending', r.note, expiresAt),
      );
      return r;
    });
    await this.messages.announce(posted);
    return request;
  }

  /** Asks members of a group for a total, split evenly or by amounts; one message, one request per member. */
  async requestFromGroup(
    ctx: RequestContext,
    input: {
      conversationId: string;
      totalMinor: bigint;
      currency: string;
      split: Split;
      memberIds?: string[] | null;
      amounts?: bigint[] | null;
      note?: string | null;
      expiresInS?: number | null;
    },
  ): Promise<MoneyRequestGroup> {
    const requesterId = ctx.requirePerson();
    checkAmount(input.totalMinor, input.currency);
    const conversation = await this.conversations.get(ctx, input.conversationId);
    if (conversation.kind !== 'group')
      throw new InvalidInputError([{ field: 'conversationId', messages: ['Not a group conversation'] }]);
    const members = (await this.conversations.members(ctx, input.conversationId)).map((m) => m.personId);
    const asked = input.memberIds?.length ? [...new Set(input.memberIds)] : members.filter((m) => m !== requesterId);
    if (asked.includes(requesterId)) throw new SelfTransferError();
    if (asked.some((m) => !members.includes(m)))
      throw new InvalidInputError([{ field: 'memberIds', messages: ['Ask only members of this group'] }]);
    if (input.split === 'amounts' && input.memberIds?.length !== input.amounts?.length)
      throw new InvalidInputError([{ field: 'amounts', messages: ['Give one amount per member'] }]);
    const parts = splitTotal(input.totalMinor, input.currency, input.split, asked.length, input.amounts ?? undefined);
    for (const [i, payerId] of asked.entries()) await this.checkParties(requesterId, payerId, parts[i]);
    const expiresAt = this.expiry(input.expiresInS);
    const note = input.note ?? '';
    const posted: MessageView[] = [];
    const group = await this.em.fork().transactional(async (tx) => {
      const g = new MoneyRequestGroup({
        conversationId: input.conversationId,
        requesterId,
        totalMinor: input.totalMinor,
        currency: input.currency,
        note,
        split: input.split,
      });
      tx.persist(g);
      await tx.flush();
      for (const [i, payerId] of asked.entries()) {
        const r = new MoneyRequest({
          conversationId: input.conversationId,
          requesterId,
          payerId,
          groupId: g.id,
          amountMinor: parts[i],
          currency: input.currency,
          note,
          expiresAt,
        });
        tx.persist(r);
        this.outbox.enqueue(tx, expireRequest, { requestId: r.id }, { delayMs: expiresAt.getTime() - Date.now() + 1000 });
      }
      await tx.flush();
      posted.push(await this.say(tx, g.conversationId, requesterId, g.id, g.totalMinor, g.currency, 'pending', note, expiresAt));
      return g;
    });
    await this.messages.announce(posted);
    return group;
  }

  /**
   * The payer pays: claims the request and opens its transfer in one transaction (request locked),
   * then pays the transfer. A retry with the same idempotency key returns the request as it is.
   */
  async pay(ctx: RequestContext, requestId: string, input: PayWith & { idempotencyKey: string }): Promise<MoneyRequest> {
    const payerId = ctx.requirePerson();
    const found = await this.visible(ctx, requestId);
    if (found.payerId !== payerId) throw new MoneyRequestNotFoundError();
    const key = `request:${requestId}:${input.idempotencyKey}`;
    const earlier = await this.em.fork().findOne(Transfer, { senderId: payerId, idempotencyKey: key });
    if (earlier) {
      if (earlier.amountMinor !== found.amountMinor) throw new IdempotencyMismatchError();
      return this.em.fork().findOneOrFail(MoneyRequest, { id: requestId });
    }
    if (found.status !== 'pending') throw new RequestClosedError(found.status);
    await this.transfers.precheck(ctx, found.requesterId, found.amountMinor, found.currency, input.pin);
    const claimed = await this.em.fork().transactional(async (tx) => {
      const r = await this.lock(tx, requestId);
      if (this.expired(r)) {
        moveRequest(r, 'expired', 'system');
        await tx.flush();
        return r;
      }
      if (!canMoveRequest(r.status, 'paying', 'payer')) throw new RequestClosedError(r.status);
      const transfer = await this.transfers.open(tx, payerId, {
        conversationId: r.conversationId,
        recipientId: r.requesterId,
        amountMinor: r.amountMinor,
        currency: r.currency,
        note: r.note,
        idempotencyKey: key,
      });
      moveRequest(r, 'paying', 'payer');
      r.transferId = transfer.id;
      await tx.flush();
      return { transfer };
    });
    if (claimed instanceof MoneyRequest) throw new RequestClosedError('expired');
    await this.transfers.pay(ctx, claimed.transfer, input);
    return this.em.fork().findOneOrFail(MoneyRequest, { id: requestId });
  }

  async decline(ctx: RequestContext, requestId: string): Promise<MoneyRequest> {
    return this.close(ctx, requestId, 'declined', 'payer');
  }

  async cancel(ctx: RequestContext, requestId: string): Promise<MoneyRequest> {
    return this.close(ctx, requestId, 'canceled', 'requester');
  }

  /** The worker's expiry: a request still open past its time expires; anything else is left as it is. */
  async expire(requestId: string): Promise<void> {
    const posted: MessageView[] = [];
    await this.em.fork().transactional(async (tx) => {
      const r = await tx.findOne(MoneyRequest, { id: requestId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!r || r.status !== 'pending') return;
      // Early (clocks differ a little between processes): throw, and the job's retry comes back later.
      if (!this.expired(r)) throw new Error(`request ${requestId} is not due to expire yet`);
      moveRequest(r, 'expired', 'system');
      await tx.flush();
      if (!r.groupId) posted.push(await this.say(tx, r.conversationId, null, r.id, r.amountMinor, r.currency, 'expired', r.note));
    });
    await this.messages.announce(posted);
  }

  /** A request its requester or payer may see; a group part also to the group's members. */
  async visible(ctx: RequestContext, requestId: string): Promise<MoneyRequest> {
    const personId = ctx.requirePerson();
    const r = await this.em.fork().findOne(MoneyRequest, { id: requestId });
    if (!r) throw new MoneyRequestNotFoundError();
    if (r.requesterId === personId || r.payerId === personId) return r;
    if (r.groupId && (await this.conversations.memberOf(ctx, r.conversationId))) return r;
    throw new MoneyRequestNotFoundError();
  }

  /** A group request and its parts, for the group's members: who has paid and who has not. */
  async group(ctx: RequestContext, groupId: string): Promise<{ group: MoneyRequestGroup; parts: MoneyRequest[] }> {
    ctx.requirePerson();
    const group = await this.em.fork().findOne(MoneyRequestGroup, { id: groupId });
    if (!group || !(await this.conversations.memberOf(ctx, group.conversationId))) throw new MoneyRequestNotFoundError();
    const parts = await this.em.fork().find(MoneyRequest, { groupId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return { group, parts };
  }

  /** Requests to or from the caller, newest first; optionally only those still open. */
  async mine(ctx: RequestContext, first: number, openOnly: boolean): Promise<MoneyRequest[]> {
    const personId = ctx.requirePerson();
    return this.em
      .fork()
      .find(
        MoneyRequest,
        { $or: [{ requesterId: personId }, { payerId: personId }], ...(openOnly && { status: 'pending' as const }) },
        { orderBy: { createdAt: 'desc' }, limit: first },
      );
  }

  private async close(ctx: RequestContext, requestId: string, to: RequestStatus, by: RequestMover): Promise<MoneyRequest> {
    const personId = ctx.requirePerson();
    const found = await this.visible(ctx, requestId);
    if ((by === 'payer' ? found.payerId : found.requesterId) !== personId) throw new MoneyRequestNotFoundError();
    const posted: MessageView[] = [];
    const request = await this.em.fork().transactional(async (tx) => {
      const r = await this.lock(tx, requestId);
      if (r.status === 'pending' && this.expired(r)) {
        moveRequest(r, 'expired', 'system');
        await tx.flush();
        return r;
      }
      if (!canMoveRequest(r.status, to, by)) throw new RequestClosedError(r.status);
      moveRequest(r, to, by);
      await tx.flush();
      posted.push(await this.say(tx, r.conversationId, personId, r.id, r.amountMinor, r.currency, to, r.note));
      return r;
    });
    if (request.status === 'expired') throw new RequestClosedError('expired');
    await this.messages.announce(posted);
    return request;
  }

  private async checkParties(requesterId: string, payerId: string, amountMinor: bigint): Promise<void> {
    if (requesterId === payerId) throw new SelfTransferError();
    await this.blocks.assertNotBlocked(requesterId, payerId);
    if (amountMinor > this.config.maxTransferMinor) throw new LimitExceededError('per_transfer', this.config.maxTransferMinor);
  }

  private expiry(expiresInS?: number | null): Date {
    return new Date(Date.now() + (expiresInS ?? this.config.requestTtlS) * 1000);
  }

  private expired(r: MoneyRequest): boolean {
    return !!r.expiresAt && r.expiresAt.getTime() <= Date.now();
  }

  private async lock(tx: EntityManager, id: string): Promise<MoneyRequest> {
    const r = await tx.findOne(MoneyRequest, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!r) throw new MoneyRequestNotFoundError();
    return r;
  }

  /** A `payment_request` message: the request when made, then one per change of status (messages are immutable). */
  private async say(
    tx: EntityManager,
    conversationId: string,
    by: string | null,
    requestId: string,
    amountMinor: bigint,
    currency: string,
    status: RequestStatus,
    note: string,
    expiresAt?: Date,
  ): Promise<MessageView> {
    return this.messages.post(
      tx,
      {
        conversationId,
        sender: by ? { kind: 'person', personId: by } : { kind: 'system' },
        kind: 'payment_request',
        payload: {
          requestId,
          amount: storedMoney(amountMinor, currency),
          status,
          ...(note ? { note } : {}),
          ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
        },
        clientMessageId: `request:${requestId}:${status}`,
      },
      // Every caller announces it after its commit: the outbox only if that never happens.
      { announcing: true },
    );
  }
}
