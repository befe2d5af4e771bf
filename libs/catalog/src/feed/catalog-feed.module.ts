import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { CatalogExporter } from './catalog-exporter';
import { CatalogFeedController } from './catalog-feed.controller';
import { CatalogFeedProcessor } from './catalog-feed.processor';
import { CatalogFeedResolver } from './catalog-feed.resolver';
import { CatalogFeedService } from './catalog-feed.service';
import { CatalogImporter } from './catalog-importer';
import { CatalogImport } from './entities/catalog-import.entity';
import { FeedRuns } from './feed-runs';
import { FeedSweeper } from './feed-sweeper';

/**
 * CSV import and export of a catalog. Imported by CatalogModule, so the worker gets the job
 * processor and the API the service; products are written through the catalog's own entities.
 */
@Module({
  imports: [MikroOrmModule.forFeature([CatalogImport]), BusinessModule],
  providers: [CatalogFeedService, FeedRuns, CatalogImporter, CatalogExporter, CatalogFeedProcessor],
  exports: [CatalogFeedService, FeedRuns],
})
export class CatalogFeedModule {}

/** The sweep of stalled runs and its schedule; only the worker imports it. */
@Module({
  imports: [CatalogFeedModule, WorkerRuntimeModule, MikroOrmModule.forFeature([CatalogImport])],
  providers: [FeedSweeper],
})
export class CatalogFeedWorkerModule {}

/** The GraphQL and REST edge of catalog feeds; only the API imports it (through CatalogApiModule). */
@Module({
  imports: [CatalogFeedModule],
  providers: [CatalogFeedResolver],
  controllers: [CatalogFeedController],
})
export class CatalogFeedApiModule {}
