import { Check, Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { PrimaryKeyProp } from '@mikro-orm/core';
import { newId } from '@kedai/core/database/ids';
import { Business } from '@kedai/business/entities/business.entity';
import { Product } from './product.entity';

export const COLLECTION_NAME_MAX = 100;

/** A named, ordered group of a business's products ("Drinks", "New this week"), like a WhatsApp catalog collection. */
@Entity({ tableName: 'collection' })
@Unique({ name: 'collection_business_name_key', properties: ['businessId', 'name'] })
@Check({ name: 'collection_name_check', expression: 'char_length(name) >= 1 and char_length(name) <= 100' })
export class Collection {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  name: string;

  /** Order among the business's collections, ascending; ties fall back to the id. */
  @Property({ type: 'integer', default: 0 })
  position: number = 0;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  constructor(businessId: string, name: string, position: number) {
    this.businessId = businessId;
    this.name = Collection.checkName(name);
    this.position = position;
  }

  rename(name: string): void {
    this.name = Collection.checkName(name);
  }

  static checkName(name: string): string {
    const trimmed = name.trim();
    if (trimmed.length < 1 || trimmed.length > COLLECTION_NAME_MAX)
      throw new RangeError(`a collection name has 1 to ${COLLECTION_NAME_MAX} characters`);
    return trimmed;
  }
}

/** A product's place in a collection. A product may be in several collections, once in each. */
@Entity({ tableName: 'collection_product' })
export class CollectionProduct {
  [PrimaryKeyProp]?: ['collectionId', 'productId'];

  @ManyToOne(() => Collection, {
    primary: true,
    mapToPk: true,
    joinColumn: 'collection_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly collectionId: string;

  @ManyToOne(() => Product, {
    primary: true,
    mapToPk: true,
    joinColumn: 'product_id',
    deleteRule: 'cascade',
    updateRule: 'no action',
  })
  readonly productId: string;

  @Property({ type: 'integer' })
  position: number;

  constructor(collectionId: string, productId: string, position: number) {
    this.collectionId = collectionId;
    this.productId = productId;
    this.position = position;
  }
}
