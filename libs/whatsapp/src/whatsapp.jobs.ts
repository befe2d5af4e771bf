import { defineJob } from '@kedai/core';

/** A template registered for review (WHATSAPP_TEMPLATE_APPROVAL=review). */
export const reviewTemplate = defineJob<{ templateId: string }>('whatsapp', 'whatsapp.review-template');

/** One attempt at delivering a webhook to a business's callback; the next attempt is a new job. */
export const deliverWebhook = defineJob<{ deliveryId: string; attempt: number }>('whatsapp', 'whatsapp.deliver-webhook');

/** One webhook from Meta as the bridge received it (signature checked), with when (epoch ms). */
export interface InboundWebhook {
  body: string;
  receivedAt: number;
}

/**
 * Webhooks from Meta (the bridge), verified and stored by the API, many per job: `ids`, the
 * `whatsapp_inbound` rows the worker maps into Kedai. `webhooks` (bodies the worker stores first)
 * is what API processes of the version before handed over through Redis, taken still during an
 * upgrade. A queue of their own, so a slow business callback on `whatsapp` never holds up a
 * shopper's message.
 */
export const takeInbound = defineJob<{ ids?: string[]; webhooks?: InboundWebhook[] }>(
  'whatsapp-inbound',
  'whatsapp.take-inbound',
);

/** Pushes a connected number's pending catalog changes to its Meta catalog (the batch items API). */
export const pushCatalog = defineJob<{ channelId: string }>('whatsapp', 'whatsapp.push-catalog');
