import { defineJob } from '@kedai/core';

/** A template registered for review (WHATSAPP_TEMPLATE_APPROVAL=review). */
export const reviewTemplate = defineJob<{ templateId: string }>('whatsapp', 'whatsapp.review-template');
