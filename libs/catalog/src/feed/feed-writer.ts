import { stringify } from 'csv-stringify/sync';
import type { Product } from '../entities/product.entity';
import type { ProductVariant } from '../entities/product-variant.entity';
import { AVAILABILITY_OUT, COLUMNS, formatFeedPrice, NAMED_OPTION_COLUMNS, optionColumnOf } from './feed-format';

const BASE_COLUMNS = [
  COLUMNS.id,
  COLUMNS.itemGroupId,
  COLUMNS.title,
  COLUMNS.description,
  COLUMNS.availability,
  COLUMNS.price,
  COLUMNS.salePrice,
  COLUMNS.inventory,
  COLUMNS.status,
];

/**
 * Writes products in the columns FeedReader reads, so an export imports back unchanged. A product
 * is one plain row when it has the shape a plain row makes (one variant, no options, SKU = the
 * product's retailer id); otherwise each variant is a row of the item group named by the retailer id.
 */
export function writeFeed(
  products: Product[],
  variantsOf: Map<string, ProductVariant[]>,
  currency: string,
): { csv: string; rows: number } {
  const optionNames = new Set<string>();
  for (const variants of variantsOf.values())
    for (const v of variants) for (const name of Object.keys(v.options)) optionNames.add(name);
  const named = NAMED_OPTION_COLUMNS.filter((n) => optionNames.has(n));
  const others = [...optionNames].filter((n) => !(NAMED_OPTION_COLUMNS as readonly string[]).includes(n)).sort();
  const options = [...named, ...others];

  const records: string[][] = [[...BASE_COLUMNS, ...options.map(optionColumnOf)]];
  for (const p of products) {
    const variants = variantsOf.get(p.id) ?? [];
    const plain = variants.length === 1 && variants[0].isDefault && variants[0].sku === p.retailerId;
    for (const v of variants) {
      records.push([
        v.sku,
        plain ? '' : p.retailerId,
        p.name,
        p.description,
        AVAILABILITY_OUT[p.availability],
        formatFeedPrice(v.priceMinor, currency),
        p.salePriceMinor === null ? '' : formatFeedPrice(p.salePriceMinor, currency),
        v.stock === null ? '' : String(v.stock),
        p.archivedAt ? 'archived' : 'active',
        ...options.map((name) => v.options[name] ?? ''),
      ]);
    }
  }
  return { csv: stringify(records), rows: records.length - 1 };
}
