export * from './catalog.module';
export * from './catalog.service';
export * from './product.service';
export * from './variant.service';
export * from './collection.service';
export * from './search.service';
export type { ProductView, VariantView } from './read/product-view';
export { payablePriceMinor } from './read/product-view';
export * from './catalog.jobs';
export * from './errors';
export type { Product, Availability } from './entities/product.entity';
export type { ProductVariant } from './entities/product-variant.entity';
export * from './models/product.model';
export * from './feed/catalog-feed.module';
export * from './feed/catalog-feed.service';
export * from './feed/catalog-feed.jobs';
export * from './feed/errors';

export { CATALOG_ENTITIES } from './entities';
