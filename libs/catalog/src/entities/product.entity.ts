import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
// Only for the foreign key: a product holds its business's id, never the business (see BusinessService).
import { Business } from '@kedai/business/entities/business.entity';

export const AVAILABILITIES = ['in_stock', 'out_of_stock', 'hidden'] as const;
export type Availability = (typeof AVAILABILITIES)[number];

const SEARCH_VECTOR_SQL =
  "(setweight(to_tsvector('simple'::regconfig, name), 'A'::\"char\") || setweight(to_tsvector('simple'::regconfig, description), 'B'::\"char\")) stored";

/** The largest price a product may have, in minor units: far above any real price, far below overflow. */
export const MAX_PRICE_MINOR = 10n ** 12n;

export interface NewProduct {
  businessId: string;
  retailerId: string;
  name: string;
  description?: string;
  priceMinor: bigint;
  salePriceMinor?: bigint | null;
  currency: string;
  availability?: Availability;
  position: number;
}

export type ProductChanges = Partial<Pick<NewProduct, 'name' | 'description' | 'priceMinor' | 'salePriceMinor' | 'availability'>>;

/** Something a business sells. Prices are integer minor units in the business's currency. */
@Entity({ tableName: 'product' })
@Unique({ name: 'product_business_retailer_id_key', properties: ['businessId', 'retailerId'] })
@Index({ name: 'product_business_position_idx', properties: ['businessId', 'position', 'id'] })
@Index({ name: 'product_search_idx', expression: 'create index "product_search_idx" on "product" using gin ("search_vector")' })
@Index({
  name: 'product_name_trgm_idx',
  expression: 'create index "product_name_trgm_idx" on "product" using gin ("name" gin_trgm_ops)',
})
@Check({ name: 'product_name_check', expression: 'char_length(name) >= 1 and char_length(name) <= 200' })
@Check({ name: 'product_description_check', expression: 'char_length(description) <= 5000' })
@Check({ name: 'product_retailer_id_check', expression: "retailer_id <> ''" })
@Check({ name: 'product_price_check', expression: 'price_minor > 0 and price_minor <= 1000000000000' })
@Check({ name: 'product_sale_price_check', expression: 'sale_price_minor > 0 and sale_price_minor < price_minor' })
@Check({ name: 'product_currency_check', expression: "currency ~ '^[A-Z]{3}$'" })
@Check({ name: 'product_availability_check', expression: "availability in ('in_stock', 'out_of_stock', 'hidden')" })
export class Product {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  /** The merchant's SKU for the product, unique within the business (a Commerce Manager "retailer id"). */
  @Property({ type: 'text' })
  readonly retailerId: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', default: '' })
  description: string = '';

  @Property({ type: new BigIntType('bigint') })
  priceMinor!: bigint;

  @Property({ type: new BigIntType('bigint'), nullable: true })
  salePriceMinor: bigint | null = null;

  /** Always the business's currency, copied so a price is never read without its currency. */
  @Property({ type: 'character', length: 3 })
  readonly currency: string;

  @Property({ type: 'text', default: 'in_stock' })
  availability: Availability = 'in_stock';

  @Property({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null = null;

  /** Order in the catalog, ascending; ties fall back to the id. */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  /**
   * What full-text search matches, kept by PostgreSQL itself: name words weigh more than description
   * words. The 'simple' configuration (no stemming) because catalogs mix Malay, English and Chinese
   * names; typos and word forms are caught by trigram similarity on the name instead.
   */
  @Property({ type: 'tsvector', generated: SEARCH_VECTOR_SQL, lazy: true, hidden: true, nullable: true })
  readonly searchVector?: string;

  constructor(input: NewProduct) {
    this.businessId = input.businessId;
    if (input.retailerId.trim() === '') throw new RangeError('retailerId must not be empty');
    this.retailerId = input.retailerId.trim();
    this.currency = input.currency;
    this.position = input.position;
    this.change({ ...input, availability: input.availability ?? 'in_stock' });
  }

  /** Shoppers see it: not archived and not hidden. */
  get visible(): boolean {
    return this.archivedAt === null && this.availability !== 'hidden';
  }

  /** Applies changes, all checked before any is assigned. */
  change(changes: ProductChanges): void {
    const next: Partial<Product> = {};
    if (changes.name !== undefined) {
      next.name = changes.name.trim();
      if (next.name.length < 1 || next.name.length > 200) throw new RangeError('a product name has 1 to 200 characters');
    }
    if (changes.description !== undefined) {
      if (changes.description.length > 5000) throw new RangeError('a description has at most 5000 characters');
      next.description = changes.description;
    }
    if (changes.priceMinor !== undefined) next.priceMinor = assertPrice(changes.priceMinor);
    if (changes.salePriceMinor !== undefined) next.salePriceMinor = changes.salePriceMinor;
    if (changes.availability !== undefined) next.availability = changes.availability;
    const price = next.priceMinor ?? this.priceMinor;
    const sale = next.salePriceMinor !== undefined ? next.salePriceMinor : this.salePriceMinor;
    if (sale !== null && sale !== undefined && (sale <= 0n || sale >= price))
      throw new RangeError('salePrice must be above zero and below price');
    Object.assign(this, next);
  }

  archive(now: Date): void {
    this.archivedAt ??= now;
  }
}

export function assertPrice(minor: bigint): bigint {
  if (minor <= 0n || minor > MAX_PRICE_MINOR)
    throw new RangeError(`a price is above zero and at most ${MAX_PRICE_MINOR} minor units`);
  return minor;
}
