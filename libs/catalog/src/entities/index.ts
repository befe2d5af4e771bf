import { Product } from './product.entity';
import { ProductVariant } from './product-variant.entity';

/** The catalog's entities, importable without its GraphQL models or Nest modules (`@kedai/catalog/entities`). */
export const CATALOG_ENTITIES = [Product, ProductVariant];
