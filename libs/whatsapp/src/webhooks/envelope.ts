import { minorDigits } from '@kedai/core';
import type { MessageView } from '@kedai/chat';
import { wamidOf } from '../surface/wamid';

// Kedai's messages and statuses in the Cloud API's webhook envelope, as Meta sends them to a
// business: `object: whatsapp_business_account`, `entry[].changes[].value` with `metadata`,
// `contacts` and `messages` or `statuses`, `field: messages`.

type Obj = Record<string, unknown>;

export interface ChannelIds {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  catalogId: string;
}

const seconds = (iso: string) => String(Math.floor(new Date(iso).getTime() / 1000));

function envelope(channel: ChannelIds, value: Obj): Obj {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: channel.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: channel.displayPhoneNumber, phone_number_id: channel.phoneNumberId },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** A shopper's message as the `messages` webhook carries it. */
export function messageEnvelope(channel: ChannelIds, from: { waId: string; name: string }, message: MessageView): Obj {
  return envelope(channel, {
    contacts: [{ profile: { name: from.name }, wa_id: from.waId }],
    messages: [
      { from: from.waId, id: wamidOf(message.id), timestamp: seconds(message.createdAt), ...inboundBody(channel, message) },
    ],
  });
}

/** What became of a message the business sent: sent, delivered, read or failed. */
export function statusEnvelope(
  channel: ChannelIds,
  status: {
    messageId: string;
    status: 'sent' | 'delivered' | 'read' | 'failed';
    recipientWaId: string;
    at: Date;
    error?: string;
  },
): Obj {
  return envelope(channel, {
    statuses: [
      {
        id: wamidOf(status.messageId),
        status: status.status,
        timestamp: String(Math.floor(status.at.getTime() / 1000)),
        recipient_id: status.recipientWaId,
        ...(status.error && {
          errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: status.error } }],
        }),
      },
    ],
  });
}

const major = (m: { amount: string; currency: string }) => Number(m.amount) / 10 ** minorDigits(m.currency);

/** A Kedai message as a Cloud API inbound message's `type` and body. */
export function inboundBody(channel: ChannelIds, m: MessageView): Obj {
  const p = m.payload;
  switch (m.kind) {
    case 'text':
      return { type: 'text', text: { body: p.body } };
    case 'image':
      return { type: 'image', image: { id: p.mediaId, mime_type: 'image/jpeg', ...(p.caption ? { caption: p.caption } : {}) } };
    case 'interactive_reply':
      return {
        context: { from: channel.displayPhoneNumber, id: wamidOf(p.replyToMessageId as string) },
        type: 'interactive',
        // Kedai's replies carry the option's id; a list row's title is up to 24 characters, a button's 20.
        interactive: { type: 'button_reply', button_reply: { id: p.id, title: p.title } },
      };
    case 'order': {
      const items = p.items as { sku: string; quantity: number; unitPrice: { amount: string; currency: string } }[];
      return {
        type: 'order',
        order: {
          catalog_id: channel.catalogId,
          text: (p.note as string | undefined) ?? '',
          product_items: items.map((i) => ({
            product_retailer_id: i.sku,
            quantity: i.quantity,
            item_price: major(i.unitPrice),
            currency: i.unitPrice.currency,
          })),
        },
      };
    }
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: wamidOf(p.messageId as string), emoji: p.emoji } };
    case 'location':
      return { type: 'location', location: p };
    case 'contacts': {
      const cards = p.contacts as { name: string; phones?: Obj[]; emails?: Obj[]; organization?: string }[];
      return {
        type: 'contacts',
        contacts: cards.map((c) => ({
          name: { formatted_name: c.name },
          phones: (c.phones ?? []).map((ph) => ({
            phone: ph.phone,
            ...(ph.type ? { type: ph.type } : {}),
            ...(ph.waId ? { wa_id: ph.waId } : {}),
          })),
          emails: c.emails ?? [],
          ...(c.organization ? { org: { company: c.organization } } : {}),
        })),
      };
    }
    default:
      return {
        type: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown', error_data: { details: `Kedai message of kind ${m.kind}` } }],
      };
  }
}
