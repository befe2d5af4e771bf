import { randomBytes } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { MINOR_UNITS, InvalidInputError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessService } from '@kedai/business';
import { ConversationService } from '@kedai/chat';
import { PersonService } from '@kedai/identity';
import { IdempotencyMismatchError } from '@kedai/payments';
import QRCode from 'qrcode';
import { PaymentLink } from './entities/safety.entities';
import { Transfer } from './entities/transfer.entity';
import { PaymentLinkExpiredError, PaymentLinkNotFoundError, PaymentLinkUsedError, SelfTransferError } from './errors';
import { p2pConfig, type P2pConfig } from './p2p.config';
import { checkAmount, TransferService, type PayWith } from './transfer.service';

const TOKEN = /^[A-Za-z0-9_-]{24}$/;

export interface PayTarget {
  kind: 'person' | 'business';
  id: string;
  handle: string;
  name: string;
}

/** What opening a link would do, before anything is paid. */
export interface OpenedLink {
  kind: 'personal' | 'one_off';
  status: 'active' | 'paying' | 'used' | 'expired';
  recipient: PayTarget;
  amountMinor: bigint | null;
  currency: string | null;
  note: string | null;
  expiresAt: Date | null;
}

/**
 * Payment links and their QR codes. Everyone with a handle has a personal link,
 * `<base>/pay/<handle>` with an optional amount and note; a one-off link asks a fixed amount,
 * expires, and is paid at most once (claimed under its row lock, like a request).
 */
@Injectable()
export class LinkService {
  constructor(
    private readonly em: EntityManager,
    private readonly people: PersonService,
    private readonly businesses: BusinessService,
    private readonly conversations: ConversationService,
    private readonly transfers: TransferService,
    @Inject(p2pConfig.KEY) private readonly config: P2pConfig,
  ) {}

  /** `<base>/pay/<handle>[?amount=…&note=…]`. */
  personalUrl(handle: string, amountMinor?: bigint | null, note?: string | null): string {
    const url = new URL(`${this.config.linkBaseUrl}/pay/${encodeURIComponent(handle)}`);
    if (amountMinor) url.searchParams.set('amount', amountMinor.toString());
    if (note) url.searchParams.set('note', note.slice(0, 140));
    return url.toString();
  }

  /** The caller's own personal link; they need a handle first. */
  async myLink(ctx: RequestContext, amountMinor?: bigint | null, note?: string | null): Promise<{ url: string; handle: string }> {
    const me = await this.people.me(ctx);
    if (!me.handle)
      throw new InvalidInputError([{ field: 'handle', messages: ['Choose a handle in your profile to get a payment link'] }]);
    return { url: this.personalUrl(me.handle, amountMinor, note), handle: me.handle };
  }

  /** The person or business a handle names. */
  async target(ctx: RequestContext, handle: string): Promise<PayTarget | null> {
    const h = handle.toLowerCase();
    const person = await this.people.profileByHandle(ctx, h);
    if (person) return { kind: 'person', id: person.id, handle: h, name: person.displayName };
    const business = await this.businesses.findByHandle(ctx, h);
    if (business) return { kind: 'business', id: business.id, handle: h, name: business.name };
    return null;
  }

  /** A QR code of a personal link, as PNG or SVG. */
  async qr(ctx: RequestContext, handle: string, format: 'png' | 'svg', amount?: string, note?: string): Promise<Buffer | string> {
    const target = await this.target(ctx, handle);
    if (!target) throw new NotFoundError('Payment link');
    const amountMinor = amount && MINOR_UNITS.test(amount) ? BigInt(amount) : null;
    const url = this.personalUrl(target.handle, amountMinor, note);
    if (format === 'svg') return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 512 });
  }

  async create(
    ctx: RequestContext,
    input: { amountMinor: bigint; currency: string; note?: string | null; expiresInS: number },
  ): Promise<PaymentLink> {
    const ownerId = ctx.requirePerson();
    checkAmount(input.amountMinor, input.currency);
    const link = new PaymentLink({
      token: randomBytes(18).toString('base64url'),
      ownerId,
      amountMinor: input.amountMinor,
      currency: input.currency,
      note: input.note ?? '',
      expiresAt: new Date(Date.now() + input.expiresInS * 1000),
    });
    await this.em.fork().persist(link).flush();
    return link;
  }

  oneOffUrl(token: string): string {
    return `${this.config.linkBaseUrl}/pay/l/${token}`;
  }

  /** A one-off token or a personal handle: who it pays, how much, and whether it can still be paid. */
  async open(ctx: RequestContext, tokenOrHandle: string): Promise<OpenedLink> {
    ctx.requirePerson();
    return this.view(ctx, tokenOrHandle);
  }

  /**
   * What a link shows anyone who has it (the public pay page): who it pays and what it asks,
   * never who else paid it. Opening and paying still need a signed-in person.
   */
  async view(ctx: RequestContext, tokenOrHandle: string): Promise<OpenedLink> {
    if (TOKEN.test(tokenOrHandle)) {
      const link = await this.em.fork().findOne(PaymentLink, { token: tokenOrHandle });
      if (link) {
        const [owner] = await this.people.profiles(ctx, [link.ownerId]);
        return {
          kind: 'one_off',
          status: link.status === 'active' && link.expiresAt.getTime() <= Date.now() ? 'expired' : link.status,
          recipient: { kind: 'person', id: link.ownerId, handle: owner?.handle ?? '', name: owner?.displayName ?? '' },
          amountMinor: link.amountMinor,
          currency: link.currency,
          note: link.note || null,
          expiresAt: link.expiresAt,
        };
      }
    }
    const target = await this.target(ctx, tokenOrHandle);
    if (!target) throw new PaymentLinkNotFoundError();
    return {
      kind: 'personal',
      status: 'active',
      recipient: target,
      amountMinor: null,
      currency: null,
      note: null,
      expiresAt: null,
    };
  }

  /** Pays a one-off link: once, before it expires; into the owner's wallet, told in the payer's chat with them. */
  async pay(ctx: RequestContext, token: string, input: PayWith & { idempotencyKey: string }): Promise<Transfer> {
    const payerId = ctx.requirePerson();
    const found = TOKEN.test(token) ? await this.em.fork().findOne(PaymentLink, { token }) : null;
    if (!found) throw new PaymentLinkNotFoundError();
    const key = `link:${found.id}:${input.idempotencyKey}`;
    const earlier = await this.em.fork().findOne(Transfer, { senderId: payerId, idempotencyKey: key });
    if (earlier) {
      if (earlier.amountMinor !== found.amountMinor) throw new IdempotencyMismatchError();
      return earlier;
    }
    if (found.ownerId === payerId) throw new SelfTransferError();
    this.assertOpen(found);
    await this.transfers.precheck(ctx, found.ownerId, found.amountMinor, found.currency, input.pin);
    const conversation = await this.conversations.withPerson(ctx, { personId: found.ownerId });
    const transfer = await this.em.fork().transactional(async (tx) => {
      const link = await tx.findOneOrFail(PaymentLink, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      this.assertOpen(link);
      const t = await this.transfers.open(tx, payerId, {
        conversationId: conversation.id,
        recipientId: link.ownerId,
        amountMinor: link.amountMinor,
        currency: link.currency,
        note: link.note,
        idempotencyKey: key,
      });
      link.status = 'paying';
      link.transferId = t.id;
      link.updatedAt = new Date();
      await tx.flush();
      return t;
    });
    return this.transfers.pay(ctx, transfer, input);
  }

  private assertOpen(link: PaymentLink): void {
    if (link.status !== 'active') throw new PaymentLinkUsedError();
    if (link.expiresAt.getTime() <= Date.now()) throw new PaymentLinkExpiredError();
  }
}
