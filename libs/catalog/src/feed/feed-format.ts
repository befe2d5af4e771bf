import { minorDigits } from '@kedai/core/money/money';
import type { Availability } from '../entities/product.entity';

/**
 * The CSV columns, modelled on Meta Commerce Manager's data feed so a merchant's existing feed
 * (or spreadsheet) mostly fits: `id` is the retailer id (our SKU), rows sharing `item_group_id`
 * are variants of one product. Columns we do not know (link, image_link, brand…) are ignored, so
 * a Commerce Manager export imports as it is.
 */
export const COLUMNS = {
  id: 'id',
  title: 'title',
  description: 'description',
  availability: 'availability',
  price: 'price',
  salePrice: 'sale_price',
  inventory: 'inventory',
  itemGroupId: 'item_group_id',
  status: 'status',
} as const;
export type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

export const REQUIRED_COLUMNS: readonly Column[] = [COLUMNS.id, COLUMNS.title, COLUMNS.price];
/** Option columns Commerce Manager names itself; any other option is an `option:<name>` column. */
export const NAMED_OPTION_COLUMNS = ['size', 'color'] as const;
export const OPTION_PREFIX = 'option:';

// The same bounds as the GraphQL inputs (CreateVariantInput, VariantOptionInput), which the entities leave to the edge.
export const MAX_SKU_LENGTH = 100;
export const MAX_OPTION_NAME_LENGTH = 50;
export const MAX_OPTION_VALUE_LENGTH = 100;
export const MAX_OPTIONS = 5;
/** Stock is a PostgreSQL integer; the GraphQL input caps it at a billion, and so does the feed. */
export const MAX_STOCK = 1_000_000_000;
export const MAX_IMPORT_ROWS = 50_000;

const AVAILABILITY_IN: Record<string, Availability> = {
  'in stock': 'in_stock',
  in_stock: 'in_stock',
  'out of stock': 'out_of_stock',
  out_of_stock: 'out_of_stock',
  hidden: 'hidden',
};
export const AVAILABILITY_OUT: Record<Availability, string> = {
  in_stock: 'in stock',
  out_of_stock: 'out of stock',
  hidden: 'hidden',
};

export function parseAvailability(text: string): Availability | undefined {
  return AVAILABILITY_IN[text.toLowerCase().replace(/\s+/g, ' ')];
}

const PRICE = /^([0-9]+)(?:\.([0-9]+))?\s+([A-Za-z]{3})$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * A feed price such as "12.50 MYR" in exact minor units: the digits are read as text and scaled by
 * the currency's ISO 4217 minor digits (JPY 0, MYR 2, KWD 3), never through a float. More decimals
 * than the currency has are refused unless they are zeros ("1200.00 JPY" is 1200 yen).
 */
export function parseFeedPrice(text: string, currency: string): Parsed<bigint> {
  const m = PRICE.exec(text.trim());
  const digits = minorDigits(currency);
  const example = digits === 0 ? `1200 ${currency}` : `12.${'5'.padEnd(digits, '0')} ${currency}`;
  if (!m) return { ok: false, message: `write a price as an amount and its currency, such as "${example}"` };
  const [, whole, fraction = '', code] = m;
  if (code.toUpperCase() !== currency) return { ok: false, message: `prices are in ${currency}, the business’s currency` };
  if (fraction.length > digits && /[^0]/.test(fraction.slice(digits)))
    return { ok: false, message: `${currency} has ${digits} decimal place${digits === 1 ? '' : 's'}` };
  const scaled = `${whole}${fraction.slice(0, digits).padEnd(digits, '0')}`;
  return { ok: true, value: BigInt(scaled) };
}

/** The inverse of parseFeedPrice: "12.50 MYR", "1200 JPY", "1.250 KWD". */
export function formatFeedPrice(minor: bigint, currency: string): string {
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(digits);
  const amount = digits === 0 ? `${minor}` : `${minor / scale}.${(minor % scale).toString().padStart(digits, '0')}`;
  return `${amount} ${currency}`;
}

/** The option a header cell names, or undefined when it is no option column. */
export function optionNameOf(header: string): string | undefined {
  const lower = header.toLowerCase();
  if ((NAMED_OPTION_COLUMNS as readonly string[]).includes(lower)) return lower;
  // The option's own name keeps its case: it is shown to shoppers as written ("Strap colour").
  if (lower.startsWith(OPTION_PREFIX)) return header.slice(OPTION_PREFIX.length).trim();
  return undefined;
}

/** The header cell an option is exported under. */
export function optionColumnOf(name: string): string {
  return (NAMED_OPTION_COLUMNS as readonly string[]).includes(name) ? name : `${OPTION_PREFIX}${name}`;
}
