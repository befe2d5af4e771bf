import { defineJob } from '@kedai/core';

/** A message other services posted inside their own transaction, committed: subscribers are told (and, later, bridges). */
export const messagePosted = defineJob<{ conversationId: string; messageId: string }>('chat', 'chat.message-posted');
