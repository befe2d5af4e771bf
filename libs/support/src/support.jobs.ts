import { defineJob } from '@kedai/core';

/** A business's FAQ changed: its model (platform intents + FAQ) is trained again on the worker. */
export const rebuildModel = defineJob<{ businessId: string }>('support', 'support.rebuild-model');
