import { PrimaryKeyProp } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { Business } from '@kedai/business/entities/business.entity';
import { ProductVariant } from '@kedai/catalog/entities/product-variant.entity';
import { Person } from '@kedai/identity/entities/person.entity';

export const MAX_QUANTITY = 999;

/** A line of a shopper's cart with one business: a variant and how many. Prices are read fresh every time. */
@Entity({ tableName: 'cart_line' })
@Check({ name: 'cart_line_quantity_check', expression: 'quantity >= 1 and quantity <= 999' })
export class CartLine {
  [PrimaryKeyProp]?: ['personId', 'businessId', 'variantId'];

  @ManyToOne(() => Person, {
    primary: true,
    mapToPk: true,
    joinColumn: 'person_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly personId: string;

  @ManyToOne(() => Business, {
    primary: true,
    mapToPk: true,
    joinColumn: 'business_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly businessId: string;

  @ManyToOne(() => ProductVariant, {
    primary: true,
    mapToPk: true,
    joinColumn: 'variant_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly variantId: string;

  @Property({ type: 'integer' })
  quantity: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly addedAt: Date = new Date();

  constructor(personId: string, businessId: string, variantId: string, quantity: number) {
    this.personId = personId;
    this.businessId = businessId;
    this.variantId = variantId;
    this.quantity = quantity;
  }
}
