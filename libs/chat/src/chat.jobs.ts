import { defineEvent, defineJob } from '@kedai/core';

/** A message other services posted inside their own transaction, committed: subscribers are told (and, later, bridges). */
/**
 * A shopper wrote to a business (committed with the message): an event, so several modules react
 * on their own (`@OnEvent(shopperWrote, '<subscriber>')`): the closed-hours reply, the support bot,
 * webhook delivery. Written in the send's own statement, so it is never lost. Its facts for a
 * subscriber's `when`: `e.business_id` (uuid) and `e.kind` (the message's kind, text).
 */
export const shopperWrote = defineEvent<{ conversationId: string; businessId: string; messageId: string }>('chat.shopper-wrote', {
  subscriberQueue: 'chat',
  facts: ['business_id', 'kind'],
  // Declared, so that a send no subscriber wants writes no row (wantedSql); a new subscriber joins this list.
  subscribers: ['closed-hours-reply', 'support-bot', 'whatsapp-webhook'],
});

export const messagePosted = defineJob<{ conversationId: string; messageId: string }>('chat', 'chat.message-posted');

/**
 * The business side wrote in a conversation whose shopper is on another network (a bridged
 * WhatsApp number): the bridge delivers it there. Written in the send's own statement.
 */
export const businessWroteBridged = defineEvent<{ conversationId: string; messageId: string; bridge: string }>(
  'chat.business-wrote-bridged',
  { subscriberQueue: 'chat' },
);

/**
 * A shopper's app received (delivered) or read a business conversation further: the marks before
 * and after, so a subscriber knows which of the business's messages just got their ticks (the
 * Cloud API's delivered and read statuses). Written in the mark's own statement, only when a mark
 * moved. Its fact for a subscriber's `when`: `e.business_id` (uuid).
 */
export const shopperMarked = defineEvent<{
  conversationId: string;
  businessId: string;
  personId: string;
  fromDelivered: number;
  delivered: number;
  fromRead: number;
  read: number;
}>('chat.shopper-marked', { subscriberQueue: 'chat', facts: ['business_id'], subscribers: ['whatsapp-webhook'] });
