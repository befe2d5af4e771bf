import { defineJob } from '@kedai/core';

/** A template registered for review (WHATSAPP_TEMPLATE_APPROVAL=review). */
export const reviewTemplate = defineJob<{ templateId: string }>('whatsapp', 'whatsapp.review-template');

/** One attempt at delivering a webhook to a business's callback; the next attempt is a new job. */
export const deliverWebhook = defineJob<{ deliveryId: string; attempt: number }>('whatsapp', 'whatsapp.deliver-webhook');

/** A webhook from Meta (the bridge), stored; the worker maps it into Kedai. */
export const processInbound = defineJob<{ inboundId: string }>('whatsapp', 'whatsapp.process-inbound');
