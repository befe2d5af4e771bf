import { defineEvent, defineJob } from '@kedai/core';

export type ProductChange = 'created' | 'updated' | 'archived';

/**
 * Published after every committed change to a product or its variants (price, stock, photos,
 * archiving): an event, so each subscriber (the read caches, the WhatsApp catalog sync) gets its
 * own job and retries alone.
 */
export const productChanged = defineEvent<{ productId: string; businessId: string; change: ProductChange }>(
  'catalog.product-changed',
  { subscriberQueue: 'catalog' },
);

export type CollectionChange = 'created' | 'updated' | 'deleted';

/** Published after every committed change to a collection: its name, its products or their order. */
export const collectionChanged = defineJob<{ collectionId: string; businessId: string; change: CollectionChange }>(
  'catalog',
  'catalog.collection-changed',
);
