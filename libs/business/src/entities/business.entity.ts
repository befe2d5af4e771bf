import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core';
import { assertCountry, assertCurrency, assertHandle } from '../business-rules';

export interface NewBusiness {
  handle: string;
  name: string;
  description?: string;
  category?: string;
  currency: string;
  country: string;
}

/** A business account: what shoppers chat with and buy from. */
@Entity({ tableName: 'business' })
export class Business {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  /** Public, unique, lower-case; used in links such as kedai.example/<handle>. */
  @Property({ type: 'text' })
  @Unique({ name: 'business_handle_key' })
  handle: string;

  @Property({ type: 'text' })
  name: string;

  @Property({ type: 'text', default: '' })
  description: string;

  @Property({ type: 'text', default: '' })
  category: string;

  /** The currency every price of this business is in (ISO 4217). */
  @Property({ type: 'character(3)' })
  currency: string;

  /** ISO 3166-1 alpha-2. */
  @Property({ type: 'character(2)' })
  country: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(input: NewBusiness) {
    this.handle = assertHandle(input.handle);
    this.name = input.name.trim();
    if (this.name.length < 1 || this.name.length > 200) throw new RangeError('a business name has 1 to 200 characters');
    this.description = input.description ?? '';
    this.category = input.category ?? '';
    this.currency = assertCurrency(input.currency);
    this.country = assertCountry(input.country);
  }
}
