import { BigIntType } from '@mikro-orm/core';
import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Business } from '@kedai/business/entities/business.entity';
import { assertPrice, Product } from './product.entity';

export type VariantOptions = Record<string, string>;

export interface NewVariant {
  productId: string;
  businessId: string;
  sku: string;
  options?: VariantOptions;
  priceMinor: bigint;
  /** null: stock is not tracked. */
  stock?: number | null;
  position: number;
}

/**
 * One buyable form of a product (size L, colour red). A plain product has one default variant with
 * no options, so orders always point at a variant. Its business id is kept so SKUs are unique per business.
 */
@Entity({ tableName: 'product_variant' })
@Unique({ name: 'product_variant_business_sku_key', properties: ['businessId', 'sku'] })
@Index({ name: 'product_variant_product_idx', properties: ['productId', 'position'] })
@Check({ name: 'product_variant_sku_check', expression: "sku <> ''" })
@Check({ name: 'product_variant_price_check', expression: 'price_minor > 0 and price_minor <= 1000000000000' })
@Check({ name: 'product_variant_stock_check', expression: 'stock >= 0' })
@Check({ name: 'product_variant_options_check', expression: "jsonb_typeof(options) = 'object'" })
export class ProductVariant {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Product, { mapToPk: true, joinColumn: 'product_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly productId: string;

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  readonly sku: string;

  @Property({ type: 'jsonb', default: '{}' })
  options: VariantOptions = {};

  @Property({ type: new BigIntType('bigint') })
  priceMinor: bigint;

  @Property({ type: 'integer', nullable: true })
  stock: number | null = null;

  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(input: NewVariant) {
    if (input.sku.trim() === '') throw new RangeError('sku must not be empty');
    assertStock(input.stock);
    this.productId = input.productId;
    this.businessId = input.businessId;
    this.sku = input.sku.trim();
    this.options = input.options ?? {};
    this.priceMinor = assertPrice(input.priceMinor);
    this.stock = input.stock ?? null;
    this.position = input.position;
  }

  get isDefault(): boolean {
    return Object.keys(this.options).length === 0;
  }

  /** Applies changes (the catalog import's), all checked before any is assigned. */
  change(changes: VariantChanges): void {
    if (changes.stock !== undefined) assertStock(changes.stock);
    const priceMinor = changes.priceMinor === undefined ? this.priceMinor : assertPrice(changes.priceMinor);
    if (changes.options !== undefined) this.options = changes.options;
    if (changes.stock !== undefined) this.stock = changes.stock;
    this.priceMinor = priceMinor;
  }
}

export type VariantChanges = Partial<Pick<NewVariant, 'options' | 'priceMinor' | 'stock'>>;

function assertStock(stock: number | null | undefined): void {
  if (stock !== undefined && stock !== null && (!Number.isSafeInteger(stock) || stock < 0))
    throw new RangeError('stock is a whole number, zero or more');
}
