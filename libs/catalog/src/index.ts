export * from './catalog.module';
export * from './catalog.service';
export * from './product.service';
export * from './catalog.jobs';
export * from './errors';
export type { Product, Availability } from './entities/product.entity';
export type { ProductVariant } from './entities/product-variant.entity';
export * from './models/product.model';

export { CATALOG_ENTITIES } from './entities';
