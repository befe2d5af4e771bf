import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { money, MoneyModel } from '@kedai/core';
import { AVAILABILITY_ENUM } from '../dto/create-product.input';
import type { Availability } from '../entities/product.entity';
import { payablePriceMinor, type ProductView, type VariantView } from '../read/product-view';

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

  @Field(() => MoneyModel, { description: 'What a shopper pays for it: what checkout charges' })
  shownPrice!: MoneyModel;

  @Field(() => Int, { nullable: true, description: 'Units in stock; null when not tracked' })
  stock!: number | null;

  static from(v: VariantView, product: Pick<ProductView, 'currency' | 'salePriceMinor'>): ProductVariantModel {
    const currency = product.currency;
    return Object.assign(new ProductVariantModel(), {
      id: v.id,
      sku: v.sku,
      options: Object.entries(v.options).map(([name, value]) => ({ name, value })),
      price: MoneyModel.of(money(v.priceMinor, currency)),
      shownPrice: MoneyModel.of(money(payablePriceMinor(product, v), currency)),
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

  @Field(() => MoneyModel, { description: 'What checkout charges for the plain product: the sale price when on sale' })
  shownPrice!: MoneyModel;

  /** Not fields: what the variants resolver needs. */
  currency!: string;
  salePriceMinor!: bigint | null;

  static from(p: ProductView): ProductModel {
    return Object.assign(new ProductModel(), {
      id: p.id,
      businessId: p.businessId,
      retailerId: p.retailerId,
      name: p.name,
      description: p.description,
      price: MoneyModel.of(money(p.priceMinor, p.currency)),
      salePrice: p.salePriceMinor === null ? null : MoneyModel.of(money(p.salePriceMinor, p.currency)),
      shownPrice: MoneyModel.of(money(p.salePriceMinor ?? p.priceMinor, p.currency)),
      availability: p.availability,
      archivedAt: p.archivedAt,
      currency: p.currency,
      salePriceMinor: p.salePriceMinor,
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

@ObjectType('Collection', { description: 'A named, ordered group of a business’s products' })
export class CollectionModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  businessId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Products shoppers can see in it' })
  productCount!: number;
}
