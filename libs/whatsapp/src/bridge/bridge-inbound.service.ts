import { createHash } from 'node:crypto';
import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { RequestContext } from '@kedai/core';
import { CatalogService } from '@kedai/catalog';
import { ConversationService, MessageService, type MessageView } from '@kedai/chat';
import { CartService, OrderService } from '@kedai/checkout';
import { PersonService } from '@kedai/identity';
import { ChannelService } from '../channel.service';
import type { WhatsappChannel } from '../entities/channel.entity';
import type { InboundWebhook } from '../whatsapp.jobs';
import { BridgeStatuses } from './bridge-statuses';
import { InboundMapping, str, type Obj } from './inbound-mapping';

/** Conversations worked on at once within a batch; one conversation's messages go in order. */
const PARALLEL = 8;

/** A shopper's message in a stored webhook, with where it goes. */
interface Incoming {
  rowId: string;
  channel: WhatsappChannel;
  message: Obj;
  metaId: string;
  from: string;
  name: string;
}

interface Shopper {
  personId: string;
  conversationId: string;
}

class Outcomes {
  private readonly byRow = new Map<string, string[]>();
  readonly failed = new Map<string, unknown>();
  note(rowId: string, text: string): void {
    this.byRow.set(rowId, [...(this.byRow.get(rowId) ?? []), text]);
  }
  of(rowId: string): string {
    return (this.byRow.get(rowId) ?? []).join('; ').slice(0, 1000) || 'empty';
  }
}

/**
 * The worker's side of the bridge: webhooks from Meta, stored by the API (InboundIngest) and
 * handed over many at a time, become Kedai's. The rows of a batch not processed yet are read in
 * one query, then each shopper's message is posted in their conversation with the business, as
 * them (a person made from the WhatsApp id on first contact), with Meta's message id as its client
 * message id, so a message delivered twice, in two webhooks or out of order, is posted once. An
 * order fills the shopper's cart and is sent as a Kedai order (the order bot takes it from
 * there). Statuses move the messages Kedai sent through the Graph API (BridgeStatuses).
 *
 * A batch costs a handful of statements plus one per message: the stored rows, the ids already
 * known and the processed marks are one statement each, shoppers seen before are remembered,
 * and the posted messages are announced in one Redis round trip.
 */
@Injectable()
export class BridgeInboundService {
  private readonly logger = new Logger('WhatsappBridge');
  /** `businessId:waId` → the shopper and their conversation: neither ever changes once made. */
  private readonly shoppers = new LRUCache<string, Shopper>({ max: 100_000 });

  constructor(
    private readonly em: EntityManager,
    private readonly channels: ChannelService,
    private readonly people: PersonService,
    private readonly conversations: ConversationService,
    private readonly messages: MessageService,
    private readonly catalog: CatalogService,
    private readonly carts: CartService,
    private readonly orders: OrderService,
    private readonly mapping: InboundMapping,
    private readonly statuses: BridgeStatuses,
  ) {}

  /**
   * Stores and processes a batch (the bodies an API of the version before handed over). A
   * webhook whose processing failed stays unprocessed and the call throws, so the job's retry
   * does that one again (and skips the rest, processed already); the same holds for takeStored.
   */
  async take(webhooks: InboundWebhook[]): Promise<void> {
    await this.process(await this.store(webhooks));
  }

  /** Processes rows the API stored (InboundIngest); those processed already are skipped. */
  async takeStored(ids: string[]): Promise<void> {
    const rows = await this.em.fork().execute<{ id: string; body: string }[]>(
      // An array parameter expands to a list: `in (?)` becomes `in ($1, $2, …)`.
      'select id, body from whatsapp_inbound where id in (?) and processed_at is null order by received_at, id',
      [ids],
    );
    await this.process(rows);
  }

  private async process(rows: { id: string; body: string }[]): Promise<void> {
    const outcomes = new Outcomes();
    const incoming: Incoming[] = [];
    const statuses: { rowId: string; status: Obj }[] = [];
    const channels = new Map<string, Promise<WhatsappChannel | null>>();
    for (const row of rows) {
      let data: Obj | null = null;
      try {
        data = JSON.parse(row.body) as Obj;
      } catch {
        outcomes.note(row.id, 'not JSON');
      }
      for (const entry of Array.isArray(data?.entry) ? (data.entry as Obj[]) : []) {
        for (const change of Array.isArray(entry.changes) ? (entry.changes as Obj[]) : []) {
          const value = (change.value ?? {}) as Obj;
          if (change.field !== 'messages') {
            outcomes.note(row.id, `field ${str(change.field)} ignored`);
            continue;
          }
          const metaNumber = str((value.metadata as Obj | undefined)?.phone_number_id);
          if (!channels.has(metaNumber)) channels.set(metaNumber, this.channels.byMetaNumber(metaNumber));
          const channel = await channels.get(metaNumber)!;
          if (!channel) {
            outcomes.note(row.id, `number ${metaNumber} is not connected`);
            continue;
          }
          const names = new Map(
            (Array.isArray(value.contacts) ? (value.contacts as Obj[]) : []).map((c) => [
              str(c.wa_id),
              str((c.profile as Obj)?.name),
            ]),
          );
          for (const message of Array.isArray(value.messages) ? (value.messages as Obj[]) : []) {
            const metaId = str(message.id);
            const from = str(message.from).replace(/\D/g, '');
            if (!metaId || from.length < 7) outcomes.note(row.id, 'a message without id or sender');
            else incoming.push({ rowId: row.id, channel, message, metaId, from, name: names.get(str(message.from)) ?? '' });
          }
          for (const status of Array.isArray(value.statuses) ? (value.statuses as Obj[]) : [])
            statuses.push({ rowId: row.id, status });
        }
      }
    }

    await this.messagesOf(incoming, outcomes);
    for (const { rowId, status } of statuses) {
      if (outcomes.failed.has(rowId)) continue;
      try {
        outcomes.note(rowId, await this.statuses.apply(status));
      } catch (e) {
        outcomes.failed.set(rowId, e);
      }
    }

    const done = rows.filter((r) => !outcomes.failed.has(r.id));
    if (done.length)
      await this.em.fork().execute(
        `update whatsapp_inbound w set processed_at = now(), outcome = x.outcome
           from json_to_recordset(?::json) as x(id uuid, outcome text) where w.id = x.id`,
        [JSON.stringify(done.map((r) => ({ id: r.id, outcome: outcomes.of(r.id) })))],
      );
    const [first] = outcomes.failed.values();
    if (first !== undefined) {
      this.logger.warn({ failed: outcomes.failed.size, of: rows.length }, 'WhatsApp webhooks left for the retry');
      throw first;
    }
  }

  /**
   * Stores the batch's bodies (a body stored before is skipped by its SHA-256) and returns what
   * is left to process: the new rows and those a failed attempt left unprocessed. One statement.
   */
  private async store(webhooks: InboundWebhook[]): Promise<{ id: string; body: string }[]> {
    const unique = new Map(webhooks.map((w) => [createHash('sha256').update(w.body).digest('hex'), w] as const));
    return this.em.fork().execute<{ id: string; body: string }[]>(
      `with x as (select * from json_to_recordset(?::json) as x(sha text, body text, at double precision)),
         i as (
           insert into whatsapp_inbound (id, body_sha256, body, received_at)
           select gen_random_uuid(), x.sha, x.body, to_timestamp(x.at / 1000) from x
           on conflict (body_sha256) do nothing returning id, body)
       select id, body from i
       union all
       select w.id, w.body from whatsapp_inbound w join x on w.body_sha256 = x.sha where w.processed_at is null`,
      [JSON.stringify([...unique].map(([sha, w]) => ({ sha, body: w.body, at: w.receivedAt })))],
    );
  }

  /** The batch's shopper messages: by conversation, several conversations at once, each in order. */
  private async messagesOf(incoming: Incoming[], outcomes: Outcomes): Promise<void> {
    const shoppers = new Map<Incoming, Shopper>();
    for (const item of incoming) {
      try {
        shoppers.set(item, await this.shopper(item));
      } catch (e) {
        outcomes.failed.set(item.rowId, e);
      }
    }
    const known = await this.messages.knownClientIds(
      [...shoppers].map(([item, s]) => ({ conversationId: s.conversationId, clientMessageId: item.metaId })),
    );
    const lanes = new Map<string, Incoming[]>();
    for (const [item, s] of shoppers) lanes.set(s.conversationId, [...(lanes.get(s.conversationId) ?? []), item]);
    const posted: MessageView[] = [];
    const queue = [...lanes.values()];
    const lane = async () => {
      for (let items = queue.shift(); items; items = queue.shift()) {
        for (const item of items) {
          if (outcomes.failed.has(item.rowId)) continue;
          const s = shoppers.get(item)!;
          const key = `${s.conversationId}:${item.metaId}`;
          // Seen before (a redelivery): nothing new, not even a second photo download.
          if (known.has(key)) {
            outcomes.note(item.rowId, `${item.metaId} again`);
            continue;
          }
          known.add(key);
          try {
            const view = await this.message(item, s);
            if (typeof view === 'string') outcomes.note(item.rowId, view);
            else {
              posted.push(view);
              outcomes.note(item.rowId, `${str(item.message.type)} ${item.metaId}`);
            }
          } catch (e) {
            outcomes.failed.set(item.rowId, e);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, lane));
    if (posted.length) await this.messages.announce(posted);
  }

  /** The shopper behind a WhatsApp id and their conversation with the business, made on first contact. */
  private async shopper({ channel, from, name }: Incoming): Promise<Shopper> {
    const key = `${channel.businessId}:${from}`;
    const known = this.shoppers.get(key);
    if (known) return known;
    const system = RequestContext.system('whatsapp-bridge');
    const personId = await this.people.ensureByPhone(system, `+${from}`, name);
    const conversation = await this.conversations.withShopper(system, channel.businessId, personId);
    await this.conversations.markBridged(conversation.id, 'whatsapp');
    const shopper = { personId, conversationId: conversation.id };
    this.shoppers.set(key, shopper);
    return shopper;
  }

  /** Posts one message (announced by the caller), or says what became of it. */
  private async message(item: Incoming, { personId, conversationId }: Shopper): Promise<MessageView | string> {
    const asPerson = RequestContext.system('whatsapp-bridge').as({ kind: 'person', personId, sessionId: 'whatsapp-bridge' });
    if (str(item.message.type) === 'order') return this.order(item.channel, asPerson, conversationId, item.message, item.metaId);
    const mapped = await this.mapping.map(item.channel, asPerson, item.message);
    const input = {
      conversationId,
      sender: mapped.kind === 'system' ? ({ kind: 'system' } as const) : ({ kind: 'person', personId } as const),
      kind: mapped.kind,
      payload: mapped.payload,
      clientMessageId: item.metaId,
    };
    try {
      // One statement, so no transaction of its own; a photo is attached in the message's.
      return mapped.kind === 'image'
        ? await this.em.fork().transactional((tx) => this.messages.post(tx, input, { announcing: true }))
        : await this.messages.post(this.em.fork(), input, { announcing: true });
    } catch (e) {
      // The same message in another batch, processed at the same moment, got there first.
      if (e instanceof UniqueConstraintViolationException) return `${item.metaId} again`;
      throw e;
    }
  }

  /**
   * An order from WhatsApp's cart: its items go into the shopper's Kedai cart for the business
   * (by SKU) and the cart is sent as a Kedai order, keyed by Meta's message id, so a redelivery
   * makes no second order. Items Kedai does not sell are left out; an order of none is kept as
   * `unsupported`.
   */
  private async order(
    channel: WhatsappChannel,
    asPerson: RequestContext,
    conversationId: string,
    m: Obj,
    metaId: string,
  ): Promise<string> {
    const order = (m.order ?? {}) as Obj;
    const items = Array.isArray(order.product_items) ? (order.product_items as Obj[]) : [];
    await this.carts.clear(asPerson, channel.businessId);
    let added = 0;
    for (const item of items) {
      const sku = str(item.product_retailer_id);
      const product = await this.catalog.productByRetailerId(asPerson, channel.businessId, sku);
      const variants = product ? await this.catalog.variantsOf(asPerson, product.id) : [];
      const variant = variants.find((v) => v.sku === sku) ?? variants[0];
      const quantity = Math.max(1, Math.floor(Number(item.quantity) || 1));
      if (!variant) continue;
      try {
        await this.carts.put(asPerson, variant.id, quantity, true);
        added += 1;
      } catch (e) {
        this.logger.warn({ sku, err: e instanceof Error ? e.message : String(e) }, 'a WhatsApp order item could not be added');
      }
    }
    if (added === 0) {
      await this.messages.post(this.em.fork(), {
        conversationId,
        sender: { kind: 'person', personId: asPerson.requirePerson() },
        kind: 'unsupported',
        payload: { source: 'whatsapp', type: 'order', raw: m },
        clientMessageId: metaId,
      });
      return `order ${metaId} with no item Kedai sells`;
    }
    const made = await this.orders.send(asPerson, channel.businessId, { idempotencyKey: metaId, note: str(order.text) || null });
    return `order ${metaId} → ${made.referenceId}`;
  }
}
