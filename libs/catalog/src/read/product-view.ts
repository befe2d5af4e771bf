import type { Availability } from '../entities/product.entity';
import type { VariantOptions } from '../entities/product-variant.entity';

/**
 * What shoppers see of a product, read straight from SQL rather than hydrated into entities: the
 * shopper side only reads, and skipping the unit of work (identity map, change tracking) is most
 * of the cost of a catalog page. Entities stay the only way to write.
 */
export interface ProductView {
  id: string;
  businessId: string;
  retailerId: string;
  name: string;
  description: string;
  priceMinor: bigint;
  salePriceMinor: bigint | null;
  currency: string;
  availability: Availability;
  archivedAt: Date | null;
}

export interface VariantView {
  id: string;
  productId: string;
  sku: string;
  options: VariantOptions;
  priceMinor: bigint;
  stock: number | null;
}

/** The columns a ProductView is read from; `p` is the product table's alias. */
export const PRODUCT_COLUMNS = `p.id, p.business_id, p.retailer_id, p.name, p.description, p.price_minor::text as price_minor,
  p.sale_price_minor::text as sale_price_minor, p.currency, p.availability, p.archived_at`;

/** A product's variants as one JSON array, in their order: one query for a page of products and their variants. */
export const VARIANTS_JSON = `(select coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'options', v.options,
    'price', v.price_minor::text, 'stock', v.stock) order by v.position, v.id), '[]'::json)
   from product_variant v where v.product_id = p.id) as variants`;

/** A product's photos as one JSON array, cover first. */
export const PHOTOS_JSON = `(select coalesce(json_agg(json_build_object('id', ph.media_id, 'width', ph.width, 'height', ph.height)
    order by ph.position), '[]'::json) from product_photo ph where ph.product_id = p.id) as photos`;

/** Shoppers see a product that is neither archived nor hidden, and has a photo to show. */
export const VISIBLE = `p.archived_at is null and p.availability <> 'hidden'
  and exists (select 1 from product_photo ph where ph.product_id = p.id)`;

/** A photo as the catalog keeps it: the media id and its display size. */
export interface PhotoView {
  id: string;
  width: number;
  height: number;
}

export interface ProductRow {
  id: string;
  business_id: string;
  retailer_id: string;
  name: string;
  description: string;
  price_minor: string;
  sale_price_minor: string | null;
  currency: string;
  availability: Availability;
  /** Raw SQL answers timestamps as text. */
  archived_at: Date | string | null;
  variants?: { id: string; sku: string; options: VariantOptions; price: string; stock: number | null }[];
  photos?: PhotoView[];
}

export function productView(row: ProductRow): ProductView {
  return {
    id: row.id,
    businessId: row.business_id,
    retailerId: row.retailer_id,
    name: row.name,
    description: row.description,
    priceMinor: BigInt(row.price_minor),
    salePriceMinor: row.sale_price_minor === null ? null : BigInt(row.sale_price_minor),
    currency: row.currency.trim(),
    availability: row.availability,
    archivedAt: row.archived_at === null ? null : new Date(row.archived_at),
  };
}

export function variantViews(row: ProductRow): VariantView[] {
  return (row.variants ?? []).map((v) => ({
    id: v.id,
    productId: row.id,
    sku: v.sku,
    options: v.options,
    priceMinor: BigInt(v.price),
    stock: v.stock,
  }));
}

/**
 * What a shopper pays for a variant, which is what the catalog shows and checkout charges: a plain
 * product's one variant sells at the product's sale price when it has one; a variant with options
 * sells at its own price.
 */
export function payablePriceMinor(
  product: Pick<ProductView, 'salePriceMinor'>,
  variant: Pick<VariantView, 'options' | 'priceMinor'>,
): bigint {
  const isDefault = Object.keys(variant.options).length === 0;
  return isDefault && product.salePriceMinor !== null ? product.salePriceMinor : variant.priceMinor;
}
