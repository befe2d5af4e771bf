import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { connection } from './catalog.resolver';
import { ProductIdArgs } from './dto/update-product.input';
import { BusinessIdArgs } from '@kedai/business';
import { BusinessProductsArgs } from './dto/business-products.args';
import { MerchantCatalogService } from './merchant-catalog.service';
import { CollectionModel, ProductConnectionModel, ProductModel } from './models/product.model';

/** What the merchant's catalog editor reads: everything, hidden products included. Each needs CATALOG_WRITE. */
@Resolver(() => CollectionModel)
export class MerchantCatalogResolver {
  constructor(private readonly merchantCatalog: MerchantCatalogService) {}

  @Query(() => ProductConnectionModel, {
    description:
      'A business’s products in catalog order, hidden ones and ones without a photo included (or only archived ones). Needs CATALOG_WRITE',
  })
  async businessProducts(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, first, after, search, archived }: BusinessProductsArgs,
  ): Promise<ProductConnectionModel> {
    return connection(await this.merchantCatalog.products(ctx, businessId, { first, after, search, archived }));
  }

  @Query(() => ProductModel, { description: 'One of a business’s products in any state. Needs CATALOG_WRITE' })
  async businessProduct(@Ctx() ctx: RequestContext, @Args() { id }: ProductIdArgs): Promise<ProductModel> {
    return ProductModel.from(await this.merchantCatalog.product(ctx, id));
  }

  @Query(() => [CollectionModel], { description: 'A business’s collections in order, by its id. Needs CATALOG_WRITE' })
  async businessCollections(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs): Promise<CollectionModel[]> {
    return this.merchantCatalog.collections(ctx, businessId);
  }

  @ResolveField(() => [ID], {
    description: 'Every product in it, in order, hidden ones included (what setCollectionProducts takes). Needs CATALOG_WRITE',
  })
  async productIds(@Ctx() ctx: RequestContext, @Parent() collection: CollectionModel): Promise<string[]> {
    return this.merchantCatalog.collectionProductIds(ctx, collection);
  }
}
