import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { Business } from '../entities/business.entity';

@ObjectType('Business', { description: 'A business account shoppers chat with and buy from' })
export class BusinessModel {
  @Field(() => ID)
  id!: string;

  @Field()
  handle!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field()
  category!: string;

  @Field({ description: 'ISO-4217 currency of every price in this business' })
  currency!: string;

  @Field({ description: 'ISO-3166 alpha-2 country' })
  country!: string;

  @Field()
  createdAt!: Date;

  static from(b: Business): BusinessModel {
    return Object.assign(new BusinessModel(), {
      id: b.id,
      handle: b.handle,
      name: b.name,
      description: b.description,
      category: b.category,
      currency: b.currency,
      country: b.country,
      createdAt: b.createdAt,
    });
  }
}
