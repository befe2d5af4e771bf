import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { CatalogService } from './catalog.service';
import { CatalogArgs } from './dto/catalog.args';
import { CreateProductArgs } from './dto/create-product.input';
import { ProductIdArgs, UpdateProductArgs } from './dto/update-product.input';
import { ProductConnectionModel, ProductModel, ProductVariantModel } from './models/product.model';
import { ProductService } from './product.service';

@Resolver(() => ProductModel)
export class CatalogResolver {
  constructor(
    private readonly catalogs: CatalogService,
    private readonly products: ProductService,
  ) {}

  @Public()
  @Query(() => ProductConnectionModel, { description: 'A business’s visible products by handle, in catalog order' })
  async catalog(@Ctx() ctx: RequestContext, @Args() { handle, first, after }: CatalogArgs): Promise<ProductConnectionModel> {
    const page = await this.catalogs.page(ctx, handle, first, after);
    return {
      edges: page.edges.map((e) => ({ cursor: e.cursor, node: ProductModel.from(e.node) })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    };
  }

  @Public()
  @Query(() => ProductModel, { nullable: true, description: 'A visible product; null when unknown, hidden or archived' })
  async product(@Ctx() ctx: RequestContext, @Args() { id }: ProductIdArgs): Promise<ProductModel | null> {
    const found = await this.catalogs.product(ctx, id);
    return found && ProductModel.from(found);
  }

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

  @ResolveField(() => [ProductVariantModel])
  async variants(@Ctx() ctx: RequestContext, @Parent() product: ProductModel): Promise<ProductVariantModel[]> {
    return (await this.catalogs.variantsOf(ctx, product.id)).map((v) => ProductVariantModel.from(v, product.currency));
  }
}
