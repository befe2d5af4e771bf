import { parse } from 'csv-parse/sync';
import { Product, type Availability } from '../entities/product.entity';
import { ProductVariant, type VariantOptions } from '../entities/product-variant.entity';
import type { FeedError } from './entities/catalog-import.entity';
import {
  COLUMNS,
  MAX_IMPORT_ROWS,
  MAX_OPTION_NAME_LENGTH,
  MAX_OPTION_VALUE_LENGTH,
  MAX_OPTIONS,
  MAX_SKU_LENGTH,
  MAX_STOCK,
  optionNameOf,
  parseAvailability,
  parseFeedPrice,
  REQUIRED_COLUMNS,
  type Column,
} from './feed-format';

/** One variant as the file gives it. `stock` is undefined when the file has no inventory column, null when blank. */
export interface FeedVariant {
  row: number;
  sku: string;
  priceMinor: bigint;
  stock: number | null | undefined;
  /** The non-blank option cells; option columns the file lacks are not here (see FeedHeader.optionNames). */
  options: VariantOptions;
}

/**
 * One product as the file gives it: a plain row, or the rows of one item group. A field is
 * undefined when its column is not in the file at all, and then an existing product keeps its
 * value; a blank cell in a column that is there means "none" (no description, no sale, untracked
 * stock) or the default (in stock, active). So a file of `id,title,price` updates prices alone.
 */
export interface FeedProduct {
  /** The first row of the product, where product-wide errors are reported. */
  row: number;
  retailerId: string;
  grouped: boolean;
  name: string;
  description: string | undefined;
  availability: Availability | undefined;
  salePriceMinor: bigint | null | undefined;
  archived: boolean | undefined;
  variants: FeedVariant[];
}

export interface ReadFeed {
  products: FeedProduct[];
  errors: FeedError[];
  totalRows: number;
  /** Every option the file has a column for, so a blank cell can clear an option a variant had. */
  optionNames: string[];
}

interface Row {
  row: number;
  id: string;
  groupId: string | null;
  title: string;
  description: string | undefined;
  availability: Availability | undefined;
  priceMinor: bigint;
  salePriceMinor: bigint | null | undefined;
  stock: number | null | undefined;
  archived: boolean | undefined;
  options: VariantOptions;
}

const NOBODY = '00000000-0000-7000-8000-000000000000';

/**
 * Reads a catalog CSV and checks every row, without touching the database. Rows are checked in
 * slices (`check`) so the worker can report progress between them; `finish` then checks what
 * spans rows (duplicate ids, item groups that disagree) and groups rows into products. The
 * field rules are the entities' own: each value is tried on a scratch Product or ProductVariant,
 * whose RangeError becomes the row's error, so the feed can never accept what the API refuses.
 */
export class FeedReader {
  readonly errors: FeedError[] = [];
  private readonly rows: Row[] = [];
  private readonly columns: (Column | null)[] = [];
  private readonly optionColumns = new Map<number, string>();
  private readonly records: string[][] = [];

  private constructor(private readonly currency: string) {}

  /** Parses the CSV and its header; on a broken file or header, `errors` says why and there are no rows to check. */
  static open(csv: string, currency: string): FeedReader {
    const reader = new FeedReader(currency);
    try {
      // Blank lines are kept (and skipped later) so row numbers match what a spreadsheet shows.
      reader.records.push(...(parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][]));
    } catch (e) {
      reader.errors.push({ row: null, column: null, message: `the file is not valid CSV: ${(e as Error).message}` });
      return reader;
    }
    if (reader.records.length === 0) {
      reader.errors.push({ row: 1, column: null, message: 'the file is empty: it needs a header row' });
      return reader;
    }
    reader.readHeader(reader.records[0]);
    if (reader.totalRows > MAX_IMPORT_ROWS)
      reader.errors.push({ row: null, column: null, message: `a file has at most ${MAX_IMPORT_ROWS} rows besides its header` });
    if (reader.errors.length > 0) reader.records.length = 1;
    return reader;
  }

  get totalRows(): number {
    return Math.max(0, this.records.length - 1);
  }

  get optionNames(): string[] {
    return [...this.optionColumns.values()];
  }

  /** Checks data rows [from, to) (0 is the first row after the header). */
  check(from: number, to: number): void {
    for (let i = from; i < Math.min(to, this.totalRows); i += 1) this.checkRow(this.records[i + 1], i + 2);
  }

  /** Checks what spans rows and groups the rows into products. */
  finish(): ReadFeed {
    // Grouped even when some rows failed, so one run reports the cross-row errors of the rest too.
    const products = this.group();
    return {
      products: this.errors.length === 0 ? products : [],
      errors: this.errors,
      totalRows: this.totalRows,
      optionNames: this.optionNames,
    };
  }

  private readHeader(cells: string[]): void {
    const seen = new Map<string, number>();
    cells.forEach((raw, i) => {
      const cell = raw.trim();
      const option = optionNameOf(cell);
      const known = (Object.values(COLUMNS) as string[]).includes(cell.toLowerCase()) ? (cell.toLowerCase() as Column) : null;
      this.columns.push(known);
      const key = option !== undefined ? `option ${option}` : known;
      if (key === null) return; // a column we do not use
      if (option !== undefined) {
        if (option === '' || option.length > MAX_OPTION_NAME_LENGTH)
          this.errors.push({
            row: 1,
            column: cell,
            message: `an option column is "option:<name>", the name 1 to ${MAX_OPTION_NAME_LENGTH} characters`,
          });
        this.optionColumns.set(i, option);
      }
      if (seen.has(key))
        this.errors.push({
          row: 1,
          column: cell,
          message: `the column appears twice (columns ${seen.get(key)! + 1} and ${i + 1})`,
        });
      seen.set(key, i);
    });
    for (const required of REQUIRED_COLUMNS)
      if (!this.columns.includes(required))
        this.errors.push({ row: 1, column: required, message: `the column "${required}" is required` });
  }

  private checkRow(cells: string[], row: number): void {
    if (cells.every((c) => c.trim() === '')) return; // a blank line between rows
    if (cells.length !== this.columns.length) {
      this.errors.push({
        row,
        column: null,
        message: `the row has ${cells.length} cells; the header has ${this.columns.length}`,
      });
      return;
    }
    const before = this.errors.length;
    const error = (column: string, message: string) => this.errors.push({ row, column, message });
    const cell = (column: Column): string | undefined => {
      const i = this.columns.indexOf(column);
      // Descriptions keep their spaces and line breaks; every other cell is trimmed.
      return i < 0 ? undefined : column === COLUMNS.description ? cells[i] : cells[i].trim();
    };

    const id = cell(COLUMNS.id) ?? '';
    if (id === '') error(COLUMNS.id, 'id is required');
    else if (id.length > MAX_SKU_LENGTH) error(COLUMNS.id, `an id has at most ${MAX_SKU_LENGTH} characters`);
    else ruled(COLUMNS.id, error, () => scratchVariant({ sku: id }));

    const title = cell(COLUMNS.title) ?? '';
    if (title === '') error(COLUMNS.title, 'title is required');
    else ruled(COLUMNS.title, error, () => scratchProduct(this.currency).change({ name: title }));

    const description = cell(COLUMNS.description);
    if (description) ruled(COLUMNS.description, error, () => scratchProduct(this.currency).change({ description }));

    let availability: Availability | undefined;
    const availabilityCell = cell(COLUMNS.availability);
    if (availabilityCell !== undefined) {
      availability = availabilityCell === '' ? 'in_stock' : parseAvailability(availabilityCell);
      if (!availability) error(COLUMNS.availability, 'availability is "in stock", "out of stock" or "hidden"');
    }

    let priceMinor = 0n;
    const priceCell = cell(COLUMNS.price) ?? '';
    if (priceCell === '') error(COLUMNS.price, 'price is required');
    else {
      const price = parseFeedPrice(priceCell, this.currency);
      if (!price.ok) error(COLUMNS.price, price.message);
      else if (ruled(COLUMNS.price, error, () => scratchProduct(this.currency).change({ priceMinor: price.value })))
        priceMinor = price.value;
    }

    let salePriceMinor: bigint | null | undefined;
    const saleCell = cell(COLUMNS.salePrice);
    if (saleCell !== undefined) {
      const sale = saleCell === '' ? null : parseFeedPrice(saleCell, this.currency);
      if (sale && !sale.ok) error(COLUMNS.salePrice, sale.message);
      else salePriceMinor = sale ? sale.value : null;
    }

    let stock: number | null | undefined;
    const inventoryCell = cell(COLUMNS.inventory);
    if (inventoryCell !== undefined) {
      if (inventoryCell === '') stock = null;
      else if (!/^[0-9]+$/.test(inventoryCell) || Number(inventoryCell) > MAX_STOCK)
        error(COLUMNS.inventory, `inventory is a whole number from 0 to ${MAX_STOCK}, or blank when stock is not tracked`);
      else if (ruled(COLUMNS.inventory, error, () => scratchVariant({ stock: Number(inventoryCell) })))
        stock = Number(inventoryCell);
    }

    const groupId = cell(COLUMNS.itemGroupId) || null;
    if (groupId !== null && groupId.length > MAX_SKU_LENGTH)
      error(COLUMNS.itemGroupId, `an item_group_id has at most ${MAX_SKU_LENGTH} characters`);

    let archived: boolean | undefined;
    const statusCell = cell(COLUMNS.status)?.toLowerCase();
    if (statusCell !== undefined) {
      if (!['', 'active', 'archived'].includes(statusCell)) error(COLUMNS.status, 'status is "active" or "archived"');
      archived = statusCell === 'archived';
    }

    const options: VariantOptions = {};
    for (const [i, name] of this.optionColumns) {
      const value = cells[i].trim();
      if (value === '') continue;
      if (value.length > MAX_OPTION_VALUE_LENGTH)
        error(this.header(i), `an option value has at most ${MAX_OPTION_VALUE_LENGTH} characters`);
      options[name] = value;
    }
    if (Object.keys(options).length > MAX_OPTIONS) error(COLUMNS.itemGroupId, `a variant has at most ${MAX_OPTIONS} options`);

    if (this.errors.length === before)
      this.rows.push({
        row,
        id,
        groupId,
        title,
        description,
        availability,
        priceMinor,
        salePriceMinor,
        stock,
        archived,
        options,
      });
  }

  private header(i: number): string {
    return this.records[0][i].trim();
  }

  private group(): FeedProduct[] {
    const byId = new Map<string, number>();
    const products = new Map<string, { first: Row; rows: Row[] }>();
    const error = (row: number, column: string | null, message: string) => this.errors.push({ row, column, message });
    for (const r of this.rows) {
      const twin = byId.get(r.id);
      if (twin !== undefined) {
        error(r.row, COLUMNS.id, `the id "${r.id}" is also on row ${twin}`);
        continue;
      }
      byId.set(r.id, r.row);
      const key = r.groupId ?? r.id;
      const group = products.get(key);
      if (!group) {
        products.set(key, { first: r, rows: [r] });
        continue;
      }
      // A plain row's product and an item group would share one retailer id.
      if (group.first.groupId === null || r.groupId === null) {
        error(
          r.row,
          r.groupId === null ? COLUMNS.id : COLUMNS.itemGroupId,
          `"${key}" is both a product’s id (row ${group.first.row}) and an item_group_id`,
        );
        continue;
      }
      const differs = (column: string, a: unknown, b: unknown) => {
        if (a !== b) error(r.row, column, `differs from row ${group.first.row}, the first row of item group "${key}"`);
        return a !== b;
      };
      const f = group.first;
      const bad = [
        differs(COLUMNS.title, r.title, f.title),
        differs(COLUMNS.description, r.description, f.description),
        differs(COLUMNS.availability, r.availability, f.availability),
        differs(COLUMNS.salePrice, r.salePriceMinor, f.salePriceMinor),
        differs(COLUMNS.status, r.archived, f.archived),
      ].some(Boolean);
      const same = group.rows.find((o) => optionsKey(o.options) === optionsKey(r.options));
      if (same)
        error(r.row, null, `has the same options as row ${same.row}; the variants of an item group need different options`);
      if (!bad && !same) group.rows.push(r);
    }

    const result: FeedProduct[] = [];
    for (const [retailerId, { first, rows }] of products) {
      const lowest = rows.reduce((min, r) => (r.priceMinor < min ? r.priceMinor : min), rows[0].priceMinor);
      if (first.salePriceMinor)
        ruled(
          COLUMNS.salePrice,
          (column, message) => error(first.row, column, message),
          () => scratchProduct(this.currency).change({ priceMinor: lowest, salePriceMinor: first.salePriceMinor }),
        );
      result.push({
        row: first.row,
        retailerId,
        grouped: first.groupId !== null,
        name: first.title,
        description: first.description,
        availability: first.availability,
        salePriceMinor: first.salePriceMinor,
        archived: first.archived,
        variants: rows.map((r) => ({ row: r.row, sku: r.id, priceMinor: r.priceMinor, stock: r.stock, options: r.options })),
      });
    }
    return result;
  }
}

/** Reads and checks a whole file at once. */
export function readFeed(csv: string, currency: string): ReadFeed {
  const reader = FeedReader.open(csv, currency);
  reader.check(0, reader.totalRows);
  return reader.finish();
}

/** Options in a canonical form, for comparing two variants' options whatever their key order. */
export function optionsKey(options: VariantOptions): string {
  return JSON.stringify(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Runs an entity rule; its RangeError becomes an error on `column`. True when the rule passed. */
function ruled(column: string, error: (column: string, message: string) => unknown, rule: () => unknown): boolean {
  try {
    rule();
    return true;
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    error(column, e.message);
    return false;
  }
}

function scratchProduct(currency: string): Product {
  return new Product({ businessId: NOBODY, retailerId: 'scratch', name: 'scratch', priceMinor: 1n, currency, position: 0 });
}

function scratchVariant(input: { sku?: string; stock?: number }): ProductVariant {
  return new ProductVariant({
    productId: NOBODY,
    businessId: NOBODY,
    sku: input.sku ?? 'scratch',
    priceMinor: 1n,
    stock: input.stock,
    position: 0,
  });
}
