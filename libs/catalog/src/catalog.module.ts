import { MikroOrmModule } from '@mikro-orm/nestjs';
import { ConfigModule } from '@nestjs/config';
import { catalogConfig } from './catalog.config';
import { Module } from '@nestjs/common';
import { BusinessModule } from '@kedai/business';
import { MediaModule } from '@kedai/media';
import { RedisModule } from '@kedai/core';
import { CatalogChanges } from './read/catalog-changes';
import { CatalogResponseCache } from './read/catalog-response-cache';
import { CatalogEventsHandler } from './catalog-events.handler';
import { CatalogResolver } from './catalog.resolver';
import { CollectionResolver } from './collection.resolver';
import { MerchantCatalogResolver } from './merchant-catalog.resolver';
import { MerchantCatalogService } from './merchant-catalog.service';
import { CollectionService } from './collection.service';
import { CatalogService } from './catalog.service';
import { Product } from './entities/product.entity';
import { ProductVariant } from './entities/product-variant.entity';
import { ProductResolver } from './product.resolver';
import { ProductService } from './product.service';
import { SearchService } from './search.service';
import { InventoryService } from './inventory.service';
import { VariantService } from './variant.service';
import { Collection, CollectionProduct } from './entities/collection.entity';
import { ProductPhoto } from './entities/product-photo.entity';
import { CatalogFeedApiModule, CatalogFeedModule } from './feed/catalog-feed.module';

/** Products, their variants and collections; search. Other domains use the exported services, never these tables. */
@Module({
  imports: [
    MikroOrmModule.forFeature([Product, ProductVariant, Collection, CollectionProduct, ProductPhoto]),
    BusinessModule,
    MediaModule,
    RedisModule,
    CatalogFeedModule,
  ],
  providers: [
    ProductService,
    VariantService,
    CollectionService,
    CatalogService,
    SearchService,
    CatalogChanges,
    CatalogEventsHandler,
    InventoryService,
  ],
  exports: [ProductService, VariantService, CollectionService, CatalogService, SearchService, CatalogChanges, InventoryService],
})
export class CatalogModule {}

/** The GraphQL edge of the catalog; only the API imports it. */
@Module({
  imports: [CatalogModule, BusinessModule, MediaModule, CatalogFeedApiModule, ConfigModule.forFeature(catalogConfig)],
  providers: [
    CatalogResolver,
    ProductResolver,
    CollectionResolver,
    MerchantCatalogResolver,
    MerchantCatalogService,
    CatalogResponseCache,
  ],
})
export class CatalogApiModule {}
