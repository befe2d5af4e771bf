import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { Ctx, NotFoundError, type RequestContext } from '@kedai/core';
import { CatalogService } from './catalog.service';
import { CollectionService } from './collection.service';
import {
  CollectionIdArgs,
  CreateCollectionArgs,
  RenameCollectionArgs,
  ReorderArgs,
  SetCollectionProductsArgs,
} from './dto/collection.input';
import { CollectionModel } from './models/product.model';

/** What merchants change about collections. Each needs CATALOG_WRITE. */
@Resolver(() => CollectionModel)
export class CollectionResolver {
  constructor(
    private readonly collections: CollectionService,
    private readonly catalogs: CatalogService,
  ) {}

  @Mutation(() => CollectionModel, {
    description: 'Adds a collection, optionally with its products in order. Needs CATALOG_WRITE',
  })
  async createCollection(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, name, productIds }: CreateCollectionArgs,
  ): Promise<CollectionModel> {
    return this.view(ctx, (await this.collections.create(ctx, businessId, name, productIds)).id);
  }

  @Mutation(() => CollectionModel, { description: 'Renames a collection. Needs CATALOG_WRITE' })
  async renameCollection(@Ctx() ctx: RequestContext, @Args() { id, name }: RenameCollectionArgs): Promise<CollectionModel> {
    return this.view(ctx, (await this.collections.rename(ctx, id, name)).id);
  }

  @Mutation(() => CollectionModel, { description: 'Replaces a collection’s products with these, in order. Needs CATALOG_WRITE' })
  async setCollectionProducts(
    @Ctx() ctx: RequestContext,
    @Args() { id, productIds }: SetCollectionProductsArgs,
  ): Promise<CollectionModel> {
    return this.view(ctx, (await this.collections.setProducts(ctx, id, productIds)).id);
  }

  @Mutation(() => ID, { description: 'Deletes a collection (its products stay in the catalog). Needs CATALOG_WRITE' })
  async deleteCollection(@Ctx() ctx: RequestContext, @Args() { id }: CollectionIdArgs): Promise<string> {
    await this.collections.delete(ctx, id);
    return id;
  }

  @Mutation(() => [CollectionModel], {
    description: 'Puts these collections in this order, among the positions they hold. Needs CATALOG_WRITE',
  })
  async reorderCollections(@Ctx() ctx: RequestContext, @Args() { businessId, ids }: ReorderArgs): Promise<CollectionModel[]> {
    await this.collections.reorder(ctx, businessId, ids);
    return Promise.all(ids.map((id) => this.view(ctx, id)));
  }

  private async view(ctx: RequestContext, id: string): Promise<CollectionModel> {
    const found = await this.catalogs.collection(ctx, id);
    if (!found) throw new NotFoundError('Collection');
    return found;
  }
}
