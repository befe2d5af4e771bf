import { defineJob } from '@kedai/core';

export type ProductChange = 'created' | 'updated' | 'archived';

/** Published after every committed catalog change (chat messages, caches and the WhatsApp sync will subscribe). */
export const productChanged = defineJob<{ productId: string; businessId: string; change: ProductChange }>(
  'catalog',
  'catalog.product-changed',
);

export type CollectionChange = 'created' | 'updated' | 'deleted';

/** Published after every committed change to a collection: its name, its products or their order. */
export const collectionChanged = defineJob<{ collectionId: string; businessId: string; change: CollectionChange }>(
  'catalog',
  'catalog.collection-changed',
);
