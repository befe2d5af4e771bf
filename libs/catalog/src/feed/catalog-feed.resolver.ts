import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { CatalogFeedService } from './catalog-feed.service';
import { BusinessFeedArgs, CatalogImportIdArgs, CatalogImportsArgs, ImportCatalogArgs } from './dto/catalog-feed.args';
import { CatalogImportModel } from './models/catalog-import.model';

@Resolver(() => CatalogImportModel)
export class CatalogFeedResolver {
  constructor(private readonly feeds: CatalogFeedService) {}

  @Mutation(() => CatalogImportModel, {
    description: 'Queues an import of a catalog CSV (at most 5 MiB); follow it with catalogImport. Needs CATALOG_WRITE',
  })
  async importCatalog(@Ctx() ctx: RequestContext, @Args() { businessId, csv }: ImportCatalogArgs): Promise<CatalogImportModel> {
    return CatalogImportModel.from(await this.feeds.startImport(ctx, businessId, csv));
  }

  @Mutation(() => CatalogImportModel, { description: 'Queues an export of the catalog as CSV. Needs CATALOG_WRITE' })
  async exportCatalog(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessFeedArgs): Promise<CatalogImportModel> {
    return CatalogImportModel.from(await this.feeds.startExport(ctx, businessId));
  }

  @Query(() => CatalogImportModel, {
    description: 'An import or export with its progress, counts and errors. Needs CATALOG_WRITE',
  })
  async catalogImport(@Ctx() ctx: RequestContext, @Args() { id }: CatalogImportIdArgs): Promise<CatalogImportModel> {
    return CatalogImportModel.from(await this.feeds.find(ctx, id));
  }

  @Query(() => [CatalogImportModel], { description: 'A business’s imports and exports, newest first. Needs CATALOG_WRITE' })
  async catalogImports(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, first }: CatalogImportsArgs,
  ): Promise<CatalogImportModel[]> {
    return (await this.feeds.list(ctx, businessId, first)).map((r) => CatalogImportModel.from(r));
  }

  @ResolveField(() => String, { nullable: true, description: 'A finished export’s CSV; null otherwise' })
  async csv(@Ctx() ctx: RequestContext, @Parent() run: CatalogImportModel): Promise<string | null> {
    if (run.downloadPath === null) return null;
    return this.feeds.exportCsv(ctx, run.businessId, run.id);
  }
}
