import { defineJob } from '@kedai/core';

/** Enqueued with the import row, in the same transaction: an import is never queued without its job. */
export const catalogImportRequested = defineJob<{ importId: string }>('catalog', 'catalog.import-requested');

/** Hourly: fails runs a dead worker left running (see FeedSweeper). */
export const sweepStalledFeeds = defineJob<Record<string, never>>('catalog', 'catalog.sweep-stalled-feeds');

export const catalogExportRequested = defineJob<{ exportId: string }>('catalog', 'catalog.export-requested');
