import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { money, MoneyModel } from '@kedai/core';
import type { Product } from '../entities/product.entity';
import type { ProductVariant } from '../entities/product-variant.entity';
import { AVAILABILITY_ENUM } from '../dto/create-product.input';
import type { Availability } from '../entities/product.entity';

@ObjectType('VariantOption', { description: 'One option of a variant, such as size: L' })
export class VariantOptionModel {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType('ProductVariant', { description: 'A buyable form of a product; a plain product has one, without options' })
export class ProductVariantModel {
  @Field(() => ID)
  id!: string;

  @Field()
  sku!: string;

  @Field(() => [VariantOptionModel])
  options!: VariantOptionModel[];

  @Field(() => MoneyModel)
  price!: MoneyModel;

  @Field(() => Int, { nullable: true, description: 'Units in stock; null when not tracked' })
  stock!: number | null;

  static from(v: ProductVariant, currency: string): ProductVariantModel {
    return Object.assign(new ProductVariantModel(), {
      id: v.id,
      sku: v.sku,
      options: Object.entries(v.options).map(([name, value]) => ({ name, value })),
      price: MoneyModel.of(money(v.priceMinor, currency)),
      stock: v.stock,
    });
  }
}

@ObjectType('Product', { description: 'Something a business sells' })
export class ProductModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  businessId!: string;

  @Field({ description: 'The merchant’s SKU, unique in the business' })
  retailerId!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => MoneyModel)
  price!: MoneyModel;

  @Field(() => MoneyModel, { nullable: true, description: 'The reduced price, when on sale' })
  salePrice!: MoneyModel | null;

  @Field(() => AVAILABILITY_ENUM)
  availability!: Availability;

  @Field(() => Date, { nullable: true, description: 'Set once archived; archived products are never shown to shoppers' })
  archivedAt!: Date | null;

  /** Not a field: what the variants resolver needs. */
  currency!: string;

  static from(p: Product): ProductModel {
    return Object.assign(new ProductModel(), {
      id: p.id,
      businessId: p.businessId,
      retailerId: p.retailerId,
      name: p.name,
      description: p.description,
      price: MoneyModel.of(money(p.priceMinor, p.currency)),
      salePrice: p.salePriceMinor === null ? null : MoneyModel.of(money(p.salePriceMinor, p.currency)),
      availability: p.availability,
      archivedAt: p.archivedAt,
      currency: p.currency,
    });
  }
}

@ObjectType('ProductEdge')
export class ProductEdgeModel {
  @Field()
  cursor!: string;

  @Field(() => ProductModel)
  node!: ProductModel;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('ProductConnection')
export class ProductConnectionModel {
  @Field(() => [ProductEdgeModel])
  edges!: ProductEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo!: PageInfoModel;
}
