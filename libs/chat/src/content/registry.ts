import { createUnionType } from '@nestjs/graphql';
import { instanceToPlain, plainToInstance, type ClassConstructor } from 'class-transformer';
import { maxLength, minLength, validate, type ValidationError } from 'class-validator';
import { money, MoneyModel, type FieldError } from '@kedai/core';
import type { MessageKind } from '../entities/message.entity';
import { InvalidMessageError } from '../errors';
import {
  CatalogContent,
  ImageContent,
  InteractiveContent,
  InteractiveReplyContent,
  ProductContent,
  ProductListContent,
  TEXT_BODY_MAX,
  TextContent,
} from './client-content';
import {
  OrderContent,
  OrderDetailsContent,
  OrderStatusContent,
  PaymentContent,
  PaymentRequestContent,
  StoredMoney,
  StoredOrder,
  StoredOrderDetails,
  StoredOrderStatus,
  StoredPayment,
  StoredPaymentRequest,
  StoredSystem,
  SystemContent,
} from './service-content';
import { ContactsContent, LocationContent, ReactionContent, StoredUnsupported, UnsupportedContent } from './shared-content';

/** The fields of MessageInput, one per kind a client may send. */
export const CLIENT_FIELDS = {
  text: 'text',
  image: 'image',
  product: 'product',
  productList: 'product_list',
  catalog: 'catalog',
  interactive: 'interactive',
  interactiveReply: 'interactive_reply',
  reaction: 'reaction',
  location: 'location',
  contacts: 'contacts',
} as const satisfies Record<string, MessageKind>;
export type ClientField = keyof typeof CLIENT_FIELDS;

/** The schema each kind's payload is checked against on write. */
const SCHEMAS: Record<MessageKind, ClassConstructor<object>> = {
  text: TextContent,
  image: ImageContent,
  product: ProductContent,
  product_list: ProductListContent,
  catalog: CatalogContent,
  interactive: InteractiveContent,
  interactive_reply: InteractiveReplyContent,
  order: StoredOrder,
  order_details: StoredOrderDetails,
  order_status: StoredOrderStatus,
  payment: StoredPayment,
  payment_request: StoredPaymentRequest,
  system: StoredSystem,
  reaction: ReactionContent,
  location: LocationContent,
  contacts: ContactsContent,
  unsupported: StoredUnsupported,
};

function flatten(errors: ValidationError[], parent: string): FieldError[] {
  return errors.flatMap((e) => {
    const field = `${parent}.${e.property}`;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Checks a payload against its kind's schema and returns it as stored: unknown keys refused,
 * nothing else added. INVALID_MESSAGE names each bad field, under `field` (e.g. `text.body`).
 */
export async function checkedPayload(
  kind: MessageKind,
  payload: unknown,
  field: string = kind,
): Promise<Record<string, unknown>> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new InvalidMessageError([{ field, messages: [`${field} must be an object`] }]);
  const text = kind === 'text' ? plainText(payload) : null;
  if (text) return text;
  const instance = plainToInstance(SCHEMAS[kind], payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw new InvalidMessageError(flatten(errors, field));
  return instanceToPlain(instance, { exposeUnsetFields: false });
}

/**
 * The commonest payload, a valid plain text, checked by hand with TextContent's own rules
 * (class-validator's minLength and maxLength, so a length counts as there), with the same result
 * as the full check; null for anything else (an error to name, an option set otherwise), which
 * takes the full check. A person's every text and most of the bots' replies pass here, without
 * class-transformer's copies and class-validator's walk of the decorators.
 */
function plainText(payload: object): Record<string, unknown> | null {
  const { body, previewUrl } = payload as { body?: unknown; previewUrl?: unknown };
  if (typeof body !== 'string' || !minLength(body, 1) || !maxLength(body, TEXT_BODY_MAX)) return null;
  const keys = Object.keys(payload);
  if (keys.length === 1) return { body };
  if (keys.length === 2 && typeof previewUrl === 'boolean') return { body, previewUrl };
  return null;
}

const asMoney = (m: unknown): MoneyModel => {
  const { amount, currency } = m as StoredMoney;
  return MoneyModel.of(money(amount, currency));
};
const lines = (items: unknown) => (items as Record<string, unknown>[]).map((l) => ({ ...l, unitPrice: asMoney(l.unitPrice) }));

/** A stored payload as its GraphQL type. */
export function contentOf(kind: MessageKind, p: Record<string, unknown>): object {
  const as = <T extends object>(cls: ClassConstructor<T>, values: object): T => Object.assign(new cls(), values);
  switch (kind) {
    case 'order':
      return as(OrderContent, { ...p, items: lines(p.items), subtotal: asMoney(p.subtotal) });
    case 'order_details':
      return as(OrderDetailsContent, {
        ...p,
        items: lines(p.items),
        ...Object.fromEntries(['subtotal', 'discount', 'tax', 'shipping', 'total'].map((k) => [k, asMoney(p[k])])),
        expiresAt: new Date(p.expiresAt as string),
      });
    case 'order_status':
      return as(OrderStatusContent, p);
    case 'payment':
      return as(PaymentContent, { ...p, amount: asMoney(p.amount) });
    case 'payment_request':
      return as(PaymentRequestContent, {
        ...p,
        amount: asMoney(p.amount),
        expiresAt: p.expiresAt ? new Date(p.expiresAt as string) : undefined,
      });
    case 'system':
      return as(SystemContent, p);
    case 'unsupported':
      return as(UnsupportedContent, p);
    default:
      return as(SCHEMAS[kind], p);
  }
}

export const MessageContentUnion = createUnionType({
  name: 'MessageContent',
  types: () =>
    [
      TextContent,
      ImageContent,
      ProductContent,
      ProductListContent,
      CatalogContent,
      InteractiveContent,
      InteractiveReplyContent,
      OrderContent,
      OrderDetailsContent,
      OrderStatusContent,
      PaymentContent,
      PaymentRequestContent,
      SystemContent,
      ReactionContent,
      LocationContent,
      ContactsContent,
      UnsupportedContent,
    ] as const,
  resolveType: (value: object) => value.constructor,
});

/** What the conversation list shows of the last message. */
export function previewOf(kind: MessageKind, p: Record<string, unknown>): string {
  const text = (s: unknown) => String(s ?? '').slice(0, 100);
  switch (kind) {
    case 'text':
      return text(p.body);
    case 'image':
      return p.caption ? `📷 ${text(p.caption)}` : '📷 Photo';
    case 'interactive':
    case 'product_list':
    case 'catalog':
      return text(p.body);
    case 'interactive_reply':
      return text(p.title);
    case 'system':
      return text(p.text);
    case 'reaction':
      return p.emoji ? `Reacted ${text(p.emoji)}` : 'Removed a reaction';
    case 'location':
      return `📍 ${text(p.name ?? 'Location')}`;
    case 'contacts':
      return `👤 ${text((p.contacts as { name: string }[])[0]?.name)}`;
    case 'unsupported':
      return 'Unsupported message';
    default:
      return kind.replace('_', ' ');
  }
}
