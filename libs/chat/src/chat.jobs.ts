import { defineJob } from '@kedai/core';

/** A message other services posted inside their own transaction, committed: subscribers are told (and, later, bridges). */
/**
 * A shopper wrote to a business (committed with the message): the business's bots may answer,
 * e.g. that it is closed. Written in the send's own statement, so it is never lost.
 */
export const shopperWrote = defineJob<{ conversationId: string; businessId: string; messageId: string }>(
  'chat',
  'chat.shopper-wrote',
);

export const messagePosted = defineJob<{ conversationId: string; messageId: string }>('chat', 'chat.message-posted');
