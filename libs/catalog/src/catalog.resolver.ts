import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { BusinessModel, BusinessService } from '@kedai/business';
import { MediaService, PhotoModel } from '@kedai/media';
import { CatalogService, type Page } from './catalog.service';
import { CatalogArgs, HandleArgs, SearchProductsArgs } from './dto/catalog.args';
import { ProductIdArgs } from './dto/update-product.input';
import { CollectionModel, ProductConnectionModel, ProductModel, ProductVariantModel } from './models/product.model';
import type { ProductView } from './read/product-view';
import { SearchService } from './search.service';

/** What shoppers read: catalogs, collections, products and search. All public. */
@Resolver(() => ProductModel)
export class CatalogResolver {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly searches: SearchService,
    private readonly businesses: BusinessService,
    private readonly media: MediaService,
  ) {}

  @Public()
  @Query(() => ProductConnectionModel, {
    description: 'A business’s visible products by handle, in catalog (or collection) order',
  })
  async catalog(
    @Ctx() ctx: RequestContext,
    @Args() { handle, first, after, collectionId }: CatalogArgs,
  ): Promise<ProductConnectionModel> {
    return connection(await this.catalogs.page(ctx, handle, { first, after, collectionId }));
  }

  @Public()
  @Query(() => [CollectionModel], { description: 'A business’s collections in order; empty for an unknown handle' })
  async collections(@Ctx() ctx: RequestContext, @Args() { handle }: HandleArgs): Promise<CollectionModel[]> {
    return this.catalogs.collections(ctx, handle);
  }

  @Public()
  @Query(() => ProductModel, { nullable: true, description: 'A visible product; null when unknown, hidden or archived' })
  async product(@Ctx() ctx: RequestContext, @Args() { id }: ProductIdArgs): Promise<ProductModel | null> {
    const found = await this.catalogs.product(ctx, id);
    return found && ProductModel.from(found);
  }

  @Public()
  @Query(() => ProductConnectionModel, {
    description: 'Products matching words (typos forgiven), in one catalog or across businesses listed in search',
  })
  async searchProducts(@Ctx() ctx: RequestContext, @Args() args: SearchProductsArgs): Promise<ProductConnectionModel> {
    const { filter } = args;
    const page = await this.searches.search(ctx, {
      query: args.query,
      handle: args.handle,
      collectionId: filter?.collectionId,
      minPrice: filter?.minPrice === undefined ? null : BigInt(filter.minPrice),
      maxPrice: filter?.maxPrice === undefined ? null : BigInt(filter.maxPrice),
      currency: filter?.currency,
      inStock: filter?.inStock,
      sort: args.sort,
      first: args.first,
      after: args.after,
    });
    return connection(page);
  }

  @ResolveField(() => [ProductVariantModel])
  async variants(@Ctx() ctx: RequestContext, @Parent() product: ProductModel): Promise<ProductVariantModel[]> {
    return (await this.catalogs.variantsOf(ctx, product.id)).map((v) => ProductVariantModel.from(v, product));
  }

  @ResolveField(() => [PhotoModel], { description: 'In order, the cover first; URLs in every size, cacheable forever' })
  async photos(@Ctx() ctx: RequestContext, @Parent() product: ProductModel): Promise<PhotoModel[]> {
    return (await this.catalogs.photosOf(ctx, product.id)).map((p) => PhotoModel.from({ ...p, urls: this.media.urls(p.id) }));
  }

  @ResolveField(() => BusinessModel, { description: 'Who sells it' })
  async business(@Ctx() ctx: RequestContext, @Parent() product: ProductModel): Promise<BusinessModel> {
    const [business] = await this.businesses.byIds(ctx, [product.businessId]);
    return BusinessModel.from(business!);
  }
}

/** A page of product views as the GraphQL connection. */
export function connection(page: Page<ProductView>): ProductConnectionModel {
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: ProductModel.from(e.node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
}
