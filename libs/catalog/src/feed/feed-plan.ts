import type { ProductChange } from '../catalog.jobs';
import { Product, type ProductChanges } from '../entities/product.entity';
import { ProductVariant, type VariantChanges, type VariantOptions } from '../entities/product-variant.entity';
import type { FeedCounts, FeedError } from './entities/catalog-import.entity';
import { COLUMNS } from './feed-format';
import { optionsKey, type FeedProduct, type ReadFeed } from './feed-reader';

/** What the database holds for the products and SKUs a file names (loaded by the importer). */
export interface ExistingCatalog {
  /** By retailer id, archived ones included. */
  products: Map<string, Product>;
  /** Every variant of those products, by product id. */
  variantsOf: Map<string, ProductVariant[]>;
  /** The owner of each SKU the file names that exists in the business, whichever product has it. */
  skuOwners: Map<string, { productId: string; retailerId: string }>;
}

export interface PlannedProduct {
  product: Product;
  created: boolean;
  newVariants: ProductVariant[];
  /** The event to publish; null when the file leaves the product as it was. */
  change: ProductChange | null;
}

export interface ImportPlan {
  errors: FeedError[];
  planned: PlannedProduct[];
  counts: FeedCounts;
}

export interface PlanContext {
  businessId: string;
  currency: string;
  now: Date;
  /** The position of the first new product (after the business's last). */
  nextPosition: number;
}

/**
 * Matches a read file against the catalog and applies it to the entities it is given: existing
 * ones are changed in place (through their own change methods), new ones are made. The caller
 * decides what that means: the importer runs it once on a throwaway unit of work to report
 * errors early, and again inside the write transaction, on rows loaded there, to write it.
 */
export function planImport(feed: ReadFeed, existing: ExistingCatalog, ctx: PlanContext): ImportPlan {
  const errors: FeedError[] = [];
  const planned: PlannedProduct[] = [];
  let position = ctx.nextPosition;
  for (const fp of feed.products) {
    const product = existing.products.get(fp.retailerId);
    const variants = product ? (existing.variantsOf.get(product.id) ?? []) : [];
    const problems = conflicts(fp, product, variants, existing);
    if (problems.length > 0) {
      errors.push(...problems);
      continue;
    }
    const result = product ? update(fp, product, variants, feed.optionNames, ctx) : create(fp, ctx, position++, feed.optionNames);
    if ('error' in result) errors.push(result.error);
    else planned.push(result);
  }
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const p of planned) counts[p.created ? 'created' : p.change ? 'updated' : 'unchanged'] += 1;
  return { errors, planned, counts };
}

function conflicts(
  fp: FeedProduct,
  product: Product | undefined,
  variants: ProductVariant[],
  existing: ExistingCatalog,
): FeedError[] {
  const errors: FeedError[] = [];
  if (product?.archivedAt && fp.archived !== true)
    errors.push({
      row: fp.row,
      column: COLUMNS.status,
      message: `the product "${fp.retailerId}" is archived, and archiving is for good: set status to archived or leave its rows out`,
    });
  // A plain row stands for a product with one variant; it cannot say which of several it means.
  if (product && !fp.grouped && variants.some((v) => v.sku !== fp.variants[0].sku))
    errors.push({
      row: fp.row,
      column: COLUMNS.itemGroupId,
      message: `the product "${fp.retailerId}" has variants: give each of its rows item_group_id "${fp.retailerId}"`,
    });
  for (const v of fp.variants) {
    const owner = existing.skuOwners.get(v.sku);
    if (owner && owner.productId !== product?.id)
      errors.push({
        row: v.row,
        column: COLUMNS.id,
        message: `the SKU "${v.sku}" belongs to another product, "${owner.retailerId}"`,
      });
  }
  return errors;
}

function create(
  fp: FeedProduct,
  ctx: PlanContext,
  position: number,
  optionNames: string[],
): PlannedProduct | { error: FeedError } {
  return guarded(fp, () => {
    const product = new Product({
      businessId: ctx.businessId,
      retailerId: fp.retailerId,
      name: fp.name,
      description: fp.description ?? '',
      priceMinor: lowestPrice(fp.variants.map((v) => v.priceMinor)),
      salePriceMinor: fp.salePriceMinor ?? null,
      currency: ctx.currency,
      availability: fp.availability ?? 'in_stock',
      position,
    });
    if (fp.archived) product.archive(ctx.now);
    const newVariants = fp.variants.map(
      (v, i) =>
        new ProductVariant({
          productId: product.id,
          businessId: ctx.businessId,
          sku: v.sku,
          options: mergeOptions({}, v.options, optionNames),
          priceMinor: v.priceMinor,
          stock: v.stock ?? null,
          position: i,
        }),
    );
    return { product, created: true, newVariants, change: 'created' as const };
  });
}

function update(
  fp: FeedProduct,
  product: Product,
  variants: ProductVariant[],
  optionNames: string[],
  ctx: PlanContext,
): PlannedProduct | { error: FeedError } {
  return guarded(fp, () => {
    const before = snapshot(product, variants);
    const bySku = new Map(variants.map((v) => [v.sku, v]));
    const inFile = new Set(fp.variants.map((v) => v.sku));
    // A product's price is its lowest variant's ("from RM 10"); variants the file leaves out still count.
    const prices = [
      ...fp.variants.map((v) => v.priceMinor),
      ...variants.filter((v) => !inFile.has(v.sku)).map((v) => v.priceMinor),
    ];
    const changes: ProductChanges = { name: fp.name, priceMinor: lowestPrice(prices) };
    if (fp.description !== undefined) changes.description = fp.description;
    if (fp.availability !== undefined) changes.availability = fp.availability;
    if (fp.salePriceMinor !== undefined) changes.salePriceMinor = fp.salePriceMinor;
    product.change(changes);
    const wasArchived = product.archivedAt !== null;
    if (fp.archived) product.archive(ctx.now);

    let position = variants.reduce((max, v) => Math.max(max, v.position + 1), 0);
    const newVariants: ProductVariant[] = [];
    for (const v of fp.variants) {
      const variant = bySku.get(v.sku);
      if (!variant) {
        newVariants.push(
          new ProductVariant({
            productId: product.id,
            businessId: ctx.businessId,
            sku: v.sku,
            options: mergeOptions({}, v.options, optionNames),
            priceMinor: v.priceMinor,
            stock: v.stock ?? null,
            position: position++,
          }),
        );
        continue;
      }
      const change: VariantChanges = { priceMinor: v.priceMinor };
      if (v.stock !== undefined) change.stock = v.stock;
      const options = mergeOptions(variant.options, v.options, optionNames);
      // Assigned only when they differ, so a reordered but equal object is no change to write.
      if (optionsKey(options) !== optionsKey(variant.options)) change.options = options;
      variant.change(change);
    }
    const changed = newVariants.length > 0 || snapshot(product, variants) !== before;
    const change: ProductChange | null = !changed ? null : !wasArchived && product.archivedAt ? 'archived' : 'updated';
    return { product, created: false, newVariants, change };
  });
}

/**
 * The reader checked each field alone; what is left is a product-wide rule the file could not
 * see (a sale price above a cheaper variant the file leaves out). It is the sale price's error.
 */
function guarded<T>(fp: FeedProduct, fn: () => T): T | { error: FeedError } {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { error: { row: fp.row, column: COLUMNS.salePrice, message: e.message } };
  }
}

/** Options the file has a column for are set (or, when blank, removed); the others stay as they were. */
function mergeOptions(current: VariantOptions, fromFile: VariantOptions, optionNames: string[]): VariantOptions {
  const merged: VariantOptions = {};
  for (const [name, value] of Object.entries(current)) if (!optionNames.includes(name)) merged[name] = value;
  return { ...merged, ...fromFile };
}

function lowestPrice(prices: bigint[]): bigint {
  return prices.reduce((min, p) => (p < min ? p : min));
}

function snapshot(product: Product, variants: ProductVariant[]): string {
  return JSON.stringify([
    product.name,
    product.description,
    String(product.priceMinor),
    String(product.salePriceMinor),
    product.availability,
    product.archivedAt?.getTime() ?? null,
    ...variants.map((v) => [v.sku, String(v.priceMinor), v.stock, optionsKey(v.options)]),
  ]);
}
