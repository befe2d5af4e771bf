import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { DomainError, formatMoney, Sql, type RequestContext } from '@kedai/core';
import { isOpenAt, WEEKDAYS, type OpeningHours } from '@kedai/business';
import { CatalogService, SearchService } from '@kedai/catalog';
import { OrderService } from '@kedai/checkout';
import { PersonService } from '@kedai/identity';
import { PaymentsService, PinService, type IntentView } from '@kedai/payments';
import { TransferService } from '@kedai/p2p';
import { SupportFaq, SupportRefundRequest, type HandoffReason } from '../entities';
import type { Classification } from '../nlp/engine';
import { extractEntities, type Entities } from '../nlp/entities';
import type { Intent, Language } from '../nlp/intents';
import { LOCALES, TEXTS, type Texts } from './texts';

/** A reply the bot posts: one chat message of a bot-sendable kind. */
export type Reply =
  | { kind: 'text'; payload: { body: string } }
  | { kind: 'interactive'; payload: Record<string, unknown> }
  | { kind: 'catalog'; payload: { body: string; thumbnailProductId?: string } }
  | { kind: 'product_list'; payload: Record<string, unknown> };

/** A question the bot waits on, kept in the session until it expires. */
export type Pending = { kind: 'cancel'; orderId: string; ref: string } | { kind: 'pick-order'; intent: Intent };

export interface Turn {
  replies: Reply[];
  handoff?: { reason: HandoffReason; intent: string | null };
  /** undefined: leave the pending question as it is; null: clear it. */
  pending?: Pending | null;
  understood: boolean;
}

export interface Situation {
  ctx: RequestContext;
  business: {
    id: string;
    name: string;
    handle: string;
    currency: string;
    timezone: string;
    openingHours: OpeningHours | null;
  };
  isKedaiSupport: boolean;
  conversationId: string;
  personId: string;
  language: Language;
  text: string;
  classification: Classification;
  now: Date;
}

const MAX_LISTED = 5;

/** What the bot does for intents that touch a shopper's own data, described for the merchant's preview. */
const PREVIEW_ACTIONS: Record<string, string> = {
  order_status:
    '[looks up the shopper’s orders: the one named by reference, the only one, or a list to pick from; answers with its status]',
  cancel_order: '[finds the shopper’s unpaid order and asks to confirm with Yes/No buttons; cancels it on Yes]',
  refund_status: '[shows refunds of the shopper’s payments and their open refund requests]',
  refund_request: '[finds the shopper’s paid order and opens a refund request you see in supportRefundRequests]',
  payment_failed: '[finds the shopper’s last failed payment and explains why it failed]',
  transaction_lookup: '[finds the shopper’s payments matching the amount and date they named and shows the receipts]',
  reset_pin: '[Kedai Support sends a sign-in code to reset the PIN; a business’s bot points to Kedai Support]',
};
const text = (body: string): Reply => ({ kind: 'text', payload: { body: body.slice(0, 4096) } });
const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/**
 * What the bot does for each intent, with the person's real data through the domain services. It
 * acts as the person (their request context), so it can only ever see and change what they could
 * themselves: an order reference of someone else's is simply not found.
 */
@Injectable()
export class Brain {
  private readonly logger = new Logger(Brain.name);

  constructor(
    private readonly em: EntityManager,
    private readonly orders: OrderService,
    private readonly payments: PaymentsService,
    private readonly transfers: TransferService,
    private readonly pins: PinService,
    private readonly people: PersonService,
    private readonly catalog: CatalogService,
    private readonly search: SearchService,
    private readonly sql: Sql,
  ) {}

  async respond(s: Situation, pending: Pending | null, buttonId: string | null): Promise<Turn> {
    const t = TEXTS[s.language];
    try {
      if (buttonId) {
        const byButton = await this.button(s, t, pending, buttonId);
        if (byButton) return byButton;
      }
      return await this.intent(s, t, s.classification.intent);
    } catch (e) {
      // A refusal of a domain service is an answer, never a failed job.
      if (e instanceof DomainError) {
        this.logger.warn({ code: e.code, intent: s.classification.intent }, 'support bot: a domain service refused');
        return { replies: [text(t.tryLater)], understood: true };
      }
      throw e;
    }
  }

  /**
   * What the bot would answer, with no side effect: for a merchant trying the bot. Intents that
   * read or change a shopper's own data say what the bot would do instead of doing it.
   */
  async preview(s: Situation): Promise<{ reply: string; handoff: boolean }> {
    const t = TEXTS[s.language];
    const intent = s.classification.intent;
    const replyText = (r: Reply) => String((r.payload as { body?: string }).body ?? '');
    switch (intent) {
      case 'talk_to_person':
      case 'dispute':
        return { reply: t.handedOff(s.business.name, t.fewMinutes), handoff: true };
      case 'greeting':
      case 'thanks':
      case 'opening_hours':
      case 'sign_in_trouble':
      case 'browse_catalog':
      case 'none':
        return { reply: replyText((await this.intent(s, t, intent)).replies[0]), handoff: false };
      case 'product_question': {
        const r = await this.products(s, t);
        if (r.kind !== 'product_list') return { reply: replyText(r), handoff: false };
        const ids = (r.payload.sections as { productIds: string[] }[])[0].productIds;
        const names = await Promise.all(ids.slice(0, 5).map(async (id) => (await this.catalog.product(s.ctx, id))?.name ?? id));
        return { reply: `${t.productsFound} ${names.join(', ')}`, handoff: false };
      }
      default:
        if (intent.startsWith('faq:')) return { reply: replyText((await this.faq(s, t, intent)).replies[0]), handoff: false };
        return { reply: PREVIEW_ACTIONS[intent] ?? '', handoff: false };
    }
  }

  private async button(s: Situation, t: Texts, pending: Pending | null, id: string): Promise<Turn | null> {
    if (id.startsWith('intent:')) return this.intent(s, t, id.slice('intent:'.length) as Intent);
    if (id === 'cancel-no') return { replies: [text(t.kept)], pending: null, understood: true };
    if (id.startsWith('cancel-yes:')) return this.cancel(s, t, id.slice('cancel-yes:'.length));
    if (id.startsWith('order:')) {
      const intent = pending?.kind === 'pick-order' ? pending.intent : 'order_status';
      return this.forOrder(s, t, intent, id.slice('order:'.length));
    }
    return null;
  }

  private async intent(s: Situation, t: Texts, intent: Intent): Promise<Turn> {
    switch (intent) {
      case 'greeting':
        return { replies: [this.menu(t, t.greet(s.business.name))], understood: true };
      case 'thanks':
        return { replies: [text(t.welcome)], pending: null, understood: true };
      case 'opening_hours':
        return { replies: [text(this.hours(s, t))], understood: true };
      case 'browse_catalog':
        return { replies: [await this.catalogReply(s, t)], understood: true };
      case 'product_question':
        return { replies: [await this.products(s, t)], understood: true };
      case 'order_status':
      case 'cancel_order':
      case 'refund_request':
        return this.pickOrder(s, t, intent, await this.entities(s, intent));
      case 'refund_status':
        return { replies: [text(await this.refundStatus(s, t))], understood: true };
      case 'payment_failed':
        return { replies: [text(await this.failedPayment(s, t))], understood: true };
      case 'transaction_lookup':
        return { replies: [text(await this.lookup(s, t, await this.entities(s, intent)))], understood: true };
      case 'dispute':
        return { replies: [], handoff: { reason: 'dispute', intent }, understood: true };
      case 'reset_pin':
        return { replies: [text(await this.resetPin(s, t))], understood: true };
      case 'sign_in_trouble':
        return { replies: [text(t.signInHelp)], understood: true };
      case 'talk_to_person':
        return { replies: [], handoff: { reason: 'asked', intent }, understood: true };
      case 'none':
        return { replies: [this.menu(t, t.notUnderstood)], understood: false };
      default:
        return this.faq(s, t, intent);
    }
  }

  /** A short text with the three most asked-for options as buttons. */
  private menu(t: Texts, body: string): Reply {
    return {
      kind: 'interactive',
      payload: {
        type: 'button',
        body,
        buttons: [
          { id: 'intent:order_status', title: t.buttons.orders },
          { id: 'intent:browse_catalog', title: t.buttons.catalog },
          { id: 'intent:talk_to_person', title: t.buttons.person },
        ],
      },
    };
  }

  /** Only intents that act on a named order, amount, date or person read entities: the rest answer without. */
  private async entities(s: Situation, intent: Intent): Promise<Entities> {
    // Names are only worth looking up where people are what is asked about.
    const people = intent === 'transaction_lookup' || intent === 'dispute' ? await this.counterpartNames(s).catch(() => []) : [];
    return extractEntities(s.text, {
      language: s.language,
      now: s.now,
      timeZone: s.business.timezone,
      defaultCurrency: s.business.currency,
      people,
    });
  }

  private hours(s: Situation, t: Texts): string {
    if (s.isKedaiSupport) return t.alwaysOpen;
    const hours = s.business.openingHours;
    if (!hours) return t.noHours;
    const day = new Intl.DateTimeFormat(LOCALES[s.language], { weekday: 'short', timeZone: 'UTC' });
    // 2024-01-01 was a Monday: the weekday names in the person's language.
    const names = WEEKDAYS.map((_, i) => day.format(new Date(Date.UTC(2024, 0, 1 + i))));
    const listed = WEEKDAYS.map((d, i) => {
      const ranges = hours[d] ?? [];
      return ranges.length ? `${names[i]} ${ranges.map((r) => `${r.open}–${r.close}`).join(', ')}` : null;
    })
      .filter(Boolean)
      .join('; ');
    const { open, next } = isOpenAt(hours, s.business.timezone, s.now);
    return open ? t.openNow(listed) : t.closedNow(next ?? '', listed);
  }

  private async catalogReply(s: Situation, t: Texts): Promise<Reply> {
    if (s.isKedaiSupport) return this.menu(t, t.greet(s.business.name));
    const page = await this.catalog.page(s.ctx, s.business.handle, { first: 1 });
    const first = page.edges[0]?.node;
    return { kind: 'catalog', payload: { body: t.catalog(s.business.name), ...(first && { thumbnailProductId: first.id }) } };
  }

  private async products(s: Situation, t: Texts): Promise<Reply> {
    if (s.isKedaiSupport) return this.menu(t, t.notUnderstood);
    const words =
      s.text
        .match(/\p{L}{3,}/gu)
        ?.slice(0, 8)
        .join(' ') ?? '';
    const found = words
      ? await this.search.search(s.ctx, { query: words, handle: s.business.handle, sort: 'relevance', first: 10 })
      : { edges: [] };
    if (found.edges.length === 0) {
      const reply = await this.catalogReply(s, t);
      return reply.kind === 'catalog' ? { ...reply, payload: { ...reply.payload, body: t.noProducts } } : reply;
    }
    return {
      kind: 'product_list',
      payload: {
        header: cut(s.business.name, 60),
        body: t.productsFound,
        sections: [{ title: cut(t.buttons.catalog, 24), productIds: found.edges.map((e) => e.node.id) }],
      },
    };
  }

  /** The order meant: by reference, the only candidate, or a list to choose from. */
  private async pickOrder(s: Situation, t: Texts, intent: Intent, entities: Entities): Promise<Turn> {
    const mine = await this.orders.mine(s.ctx, s.isKedaiSupport ? null : s.business.id, 20);
    if (entities.orderRefs.length) {
      const order = mine.find((o) => entities.orderRefs.includes(o.referenceId));
      if (!order) return { replies: [text(t.orderNotFound(entities.orderRefs[0]))], understood: true };
      return this.forOrder(s, t, intent, order.id);
    }
    const fits =
      intent === 'cancel_order'
        ? mine.filter((o) => o.status === 'pending' || o.status === 'awaiting_payment')
        : intent === 'refund_request'
          ? mine.filter((o) => ['paid', 'processing', 'shipped', 'completed', 'partially_refunded'].includes(o.status))
          : mine;
    const candidates = (fits.length ? fits : mine).slice(0, MAX_LISTED);
    if (candidates.length === 0)
      return { replies: [text(intent === 'refund_request' ? t.noRefundableOrder : t.noOrders)], understood: true };
    if (candidates.length === 1) return this.forOrder(s, t, intent, candidates[0].id);
    return {
      replies: [
        {
          kind: 'interactive',
          payload: {
            type: 'list',
            body: t.whichOrder,
            listButton: cut(t.ordersButton, 20),
            sections: [
              {
                rows: candidates.map((o) => ({
                  id: `order:${o.id}`,
                  title: o.referenceId,
                  description: cut(`${this.money(s, o.totalMinor, o.currency)} · ${t.status[o.status] ?? o.status}`, 72),
                })),
              },
            ],
          },
        },
      ],
      pending: { kind: 'pick-order', intent },
      understood: true,
    };
  }

  private async forOrder(s: Situation, t: Texts, intent: Intent, orderId: string): Promise<Turn> {
    const order = await this.orders.get(s.ctx, orderId);
    const total = this.money(s, order.totalMinor, order.currency);
    const status = t.status[order.status] ?? order.status;
    if (intent === 'cancel_order') {
      if (order.status !== 'pending' && order.status !== 'awaiting_payment')
        return { replies: [text(t.cannotCancel(order.referenceId, status))], pending: null, understood: true };
      return {
        replies: [
          {
            kind: 'interactive',
            payload: {
              type: 'button',
              body: t.confirmCancel(order.referenceId, total),
              buttons: [
                { id: `cancel-yes:${order.id}`, title: cut(t.yesCancel, 20) },
                { id: 'cancel-no', title: cut(t.noKeep, 20) },
              ],
            },
          },
        ],
        pending: { kind: 'cancel', orderId: order.id, ref: order.referenceId },
        understood: true,
      };
    }
    if (intent === 'refund_request') return this.requestRefund(s, t, order);
    const moves = await this.orders.transitions(s.ctx, order.id);
    const since = moves.length ? moves[moves.length - 1].createdAt : order.createdAt;
    return {
      replies: [text(t.orderStatus(order.referenceId, total, status, this.date(s, since)))],
      pending: null,
      understood: true,
    };
  }

  private async cancel(s: Situation, t: Texts, orderId: string): Promise<Turn> {
    const order = await this.orders.get(s.ctx, orderId);
    if (order.status === 'canceled') return { replies: [text(t.canceled(order.referenceId))], pending: null, understood: true };
    if (order.status !== 'pending' && order.status !== 'awaiting_payment')
      return {
        replies: [text(t.cannotCancel(order.referenceId, t.status[order.status] ?? order.status))],
        pending: null,
        understood: true,
      };
    await this.orders.cancelByShopper(s.ctx, order.id);
    return { replies: [text(t.canceled(order.referenceId))], pending: null, understood: true };
  }

  private async requestRefund(
    s: Situation,
    t: Texts,
    order: { id: string; referenceId: string; businessId: string; status: string },
  ): Promise<Turn> {
    if (!['paid', 'processing', 'shipped', 'completed', 'partially_refunded'].includes(order.status))
      return { replies: [text(t.noRefundableOrder)], pending: null, understood: true };
    const request = new SupportRefundRequest({
      businessId: order.businessId,
      personId: s.personId,
      orderId: order.id,
      orderReference: order.referenceId,
      conversationId: s.conversationId,
      reason: s.text.slice(0, 1000),
    });
    const inserted = await this.em.fork().execute<{ id: string }[]>(
      `insert into support_refund_request (id, business_id, person_id, order_id, order_reference, conversation_id, reason)
       values (?, ?, ?, ?, ?, ?, ?) on conflict (order_id) where status = 'open' do nothing returning id`,
      [
        request.id,
        request.businessId,
        request.personId,
        request.orderId,
        request.orderReference,
        request.conversationId,
        request.reason,
      ],
    );
    const body = inserted.length
      ? t.refundRequested(order.referenceId, s.business.name)
      : t.refundAlreadyRequested(order.referenceId);
    return { replies: [text(body)], pending: null, understood: true };
  }

  private async refundStatus(s: Situation, t: Texts): Promise<string> {
    const businessId = s.isKedaiSupport ? null : s.business.id;
    // The two reads side by side: the answer waits for one round trip, not two.
    const [paid, open] = await Promise.all([
      this.payments.mine(s.ctx, 50, businessId),
      // Only the references are shown: a plain read on pg (Sql), no entities on the bot's hot path.
      this.sql.prepared<{ order_reference: string }>(
        `select order_reference from support_refund_request
          where person_id = $1 and status = 'open' and ($2::uuid is null or business_id = $2::uuid)
          order by created_at desc limit 3`,
        [s.personId, businessId],
      ),
    ]);
    const lines: string[] = [];
    for (const p of paid.filter((x) => BigInt(x.amountRefunded) > 0n).slice(0, 3)) {
      const ref = p.purpose.kind === 'order' ? await this.orderRef(s, p.purpose.referenceId) : p.id.slice(0, 8);
      lines.push(t.refunded(this.money(s, BigInt(p.amountRefunded), p.currency), ref, this.date(s, p.createdAt)));
    }
    for (const r of open) lines.push(t.refundOpen(r.order_reference));
    return lines.length ? lines.join('\n') : t.noRefunds;
  }

  private async failedPayment(s: Situation, t: Texts): Promise<string> {
    const paid = await this.payments.mine(s.ctx, 20, s.isKedaiSupport ? null : s.business.id);
    const failed = paid.find((p) => p.failureCode || p.failureMessage);
    if (!failed) return t.noFailedPayments;
    return t.paymentFailed(
      this.money(s, BigInt(failed.amount), failed.currency),
      this.date(s, failed.createdAt),
      failed.failureMessage ?? failed.failureCode ?? '',
    );
  }

  /** Payments and transfers of the person's own that match the amount, date and people named. */
  private async lookup(s: Situation, t: Texts, e: Entities): Promise<string> {
    const day = (d: Date | string) => new Intl.DateTimeFormat('en-CA', { timeZone: s.business.timezone }).format(new Date(d));
    const fits = (amount: string, currency: string, at: Date | string, who: string | null) =>
      (!e.amounts.length || e.amounts.some((a) => a.amountMinor === amount && a.currency === currency)) &&
      (!e.dates.length || e.dates.some((d) => d.date === day(at))) &&
      (!e.people.length || (who !== null && e.people.some((p) => p.personId === who)));
    const lines: string[] = [];
    if (s.isKedaiSupport) {
      const transfers = await this.transfers.mine(s.ctx, 50);
      const names = await this.names(
        s,
        transfers.map((x) => (x.senderId === s.personId ? x.recipientId : x.senderId)),
      );
      for (const x of transfers) {
        const outgoing = x.senderId === s.personId;
        const other = outgoing ? x.recipientId : x.senderId;
        if (!fits(x.amountMinor.toString(), x.currency, x.createdAt, other)) continue;
        const line = outgoing ? t.transferOut : t.transferIn;
        lines.push(
          line(
            this.money(s, x.amountMinor, x.currency),
            names.get(other) ?? '?',
            this.date(s, x.createdAt),
            x.status,
            x.id.slice(0, 8),
          ),
        );
      }
    }
    if (!e.people.length) {
      const paid: IntentView[] = await this.payments.mine(s.ctx, 50, s.isKedaiSupport ? null : s.business.id);
      for (const p of paid.filter((x) => x.purpose.kind === 'order')) {
        if (!fits(p.amount, p.currency, p.createdAt, null)) continue;
        const ref = await this.orderRef(s, p.purpose.referenceId);
        lines.push(
          t.paymentLine(this.money(s, BigInt(p.amount), p.currency), ref, this.date(s, p.createdAt), p.state, p.id.slice(0, 8)),
        );
      }
    }
    return lines.length ? [t.found, ...lines.slice(0, MAX_LISTED)].join('\n') : t.noTransactions;
  }

  private async resetPin(s: Situation, t: Texts): Promise<string> {
    if (!s.isKedaiSupport) return t.pinElsewhere;
    const sent = await this.pins.requestReset(s.ctx);
    return t.pinResetSent(`••${sent.phone.slice(-2)}`);
  }

  private async faq(s: Situation, t: Texts, intent: Intent): Promise<Turn> {
    const id = intent.startsWith('faq:') ? intent.slice(4) : null;
    const entry = id ? await this.em.fork().findOne(SupportFaq, { id, businessId: s.business.id }) : null;
    if (!entry) return { replies: [this.menu(t, t.notUnderstood)], understood: false };
    return { replies: [text(entry.answer)], understood: true };
  }

  /** The people the person has sent money to or received it from: the names the bot can recognise. */
  private async counterpartNames(s: Situation): Promise<{ personId: string; name: string }[]> {
    if (!s.isKedaiSupport) return [];
    const transfers = await this.transfers.mine(s.ctx, 50);
    const ids = [...new Set(transfers.map((x) => (x.senderId === s.personId ? x.recipientId : x.senderId)))];
    const names = await this.names(s, ids);
    return ids.flatMap((personId) => (names.get(personId) ? [{ personId, name: names.get(personId)! }] : []));
  }

  private async names(s: Situation, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const profiles = unique.length ? await this.people.profiles(s.ctx, unique) : [];
    return new Map(profiles.flatMap((p) => (p ? [[p.id, p.displayName] as [string, string]] : [])));
  }

  private async orderRef(s: Situation, orderId: string): Promise<string> {
    try {
      return (await this.orders.get(s.ctx, orderId)).referenceId;
    } catch {
      return orderId.slice(0, 8);
    }
  }

  private money(s: Situation, amount: bigint, currency: string): string {
    return formatMoney({ amount, currency }, LOCALES[s.language]);
  }

  private date(s: Situation, at: Date | string): string {
    return new Intl.DateTimeFormat(LOCALES[s.language], { day: 'numeric', month: 'short', timeZone: s.business.timezone }).format(
      new Date(at),
    );
  }
}
