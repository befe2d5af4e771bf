import { defineJob } from '@kedai/core';

/** Deletes pending photos older than MEDIA_ORPHAN_TTL_HOURS; scheduled hourly by the worker. */
export const cleanOrphanedMedia = defineJob<Record<string, never>>('media', 'media.clean-orphans');
