import { Product } from './product.entity';
import { ProductVariant } from './product-variant.entity';
import { Collection, CollectionProduct } from './collection.entity';
import { ProductPhoto } from './product-photo.entity';
import { CatalogImport } from '../feed/entities/catalog-import.entity';

/** The catalog's entities, importable without its GraphQL models or Nest modules (`@kedai/catalog/entities`). */
export const CATALOG_ENTITIES = [Product, ProductVariant, Collection, CollectionProduct, ProductPhoto, CatalogImport];
