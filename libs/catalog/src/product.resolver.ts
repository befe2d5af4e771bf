import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { CreateProductArgs, SetProductPhotosArgs } from './dto/create-product.input';
import { ReorderArgs } from './dto/collection.input';
import { ProductIdArgs, UpdateProductArgs } from './dto/update-product.input';
import { AddVariantArgs, UpdateVariantArgs } from './dto/variant.input';
import { ProductModel, ProductVariantModel } from './models/product.model';
import { ProductService } from './product.service';
import { VariantService } from './variant.service';
import { Product } from './entities/product.entity';
import type { ProductVariant } from './entities/product-variant.entity';

/** What merchants change: products, their variants and their order. Each needs CATALOG_WRITE. */
@Resolver(() => ProductModel)
export class ProductResolver {
  constructor(
    private readonly products: ProductService,
    private readonly variants: VariantService,
  ) {}

  @Mutation(() => ProductModel, { description: 'Adds a product with its variants (or one default variant). Needs CATALOG_WRITE' })
  async createProduct(@Ctx() ctx: RequestContext, @Args() { businessId, input }: CreateProductArgs): Promise<ProductModel> {
    return ProductModel.from(await this.products.create(ctx, businessId, input));
  }

  @Mutation(() => ProductModel, { description: 'Changes a product. Needs CATALOG_WRITE' })
  async updateProduct(@Ctx() ctx: RequestContext, @Args() { id, input }: UpdateProductArgs): Promise<ProductModel> {
    return ProductModel.from(await this.products.update(ctx, id, input));
  }

  @Mutation(() => ProductModel, { description: 'Hides a product from shoppers for good. Needs CATALOG_WRITE' })
  async archiveProduct(@Ctx() ctx: RequestContext, @Args() { id }: ProductIdArgs): Promise<ProductModel> {
    return ProductModel.from(await this.products.archive(ctx, id));
  }

  @Mutation(() => ProductModel, { description: 'Replaces a product’s photos, in order. Needs CATALOG_WRITE' })
  async setProductPhotos(@Ctx() ctx: RequestContext, @Args() { id, photos }: SetProductPhotosArgs): Promise<ProductModel> {
    return ProductModel.from(await this.products.setPhotos(ctx, id, photos));
  }

  @Mutation(() => [ProductModel], {
    description: 'Puts these products in this order, among the catalog positions they hold. Needs CATALOG_WRITE',
  })
  async reorderProducts(@Ctx() ctx: RequestContext, @Args() { businessId, ids }: ReorderArgs): Promise<ProductModel[]> {
    return (await this.products.reorder(ctx, businessId, ids)).map((p) => ProductModel.from(p));
  }

  @Mutation(() => ProductVariantModel, { description: 'Adds a variant to a product with options. Needs CATALOG_WRITE' })
  async addVariant(@Ctx() ctx: RequestContext, @Args() { productId, input }: AddVariantArgs): Promise<ProductVariantModel> {
    return this.variantModel(ctx, await this.variants.add(ctx, productId, input));
  }

  @Mutation(() => ProductVariantModel, { description: 'Reprices or restocks a variant. Needs CATALOG_WRITE' })
  async updateVariant(@Ctx() ctx: RequestContext, @Args() { id, input }: UpdateVariantArgs): Promise<ProductVariantModel> {
    return this.variantModel(ctx, await this.variants.update(ctx, id, input));
  }

  @Mutation(() => ProductVariantModel, { description: 'Removes a variant; the last one stays. Needs CATALOG_WRITE' })
  async removeVariant(@Ctx() ctx: RequestContext, @Args() { id }: ProductIdArgs): Promise<ProductVariantModel> {
    return this.variantModel(ctx, await this.variants.remove(ctx, id));
  }

  private async variantModel(ctx: RequestContext, v: ProductVariant): Promise<ProductVariantModel> {
    const product: Product = await this.products.get(ctx, v.productId);
    return ProductVariantModel.from(v, product);
  }
}
