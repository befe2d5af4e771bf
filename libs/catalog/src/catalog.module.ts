import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { BusinessModule } from '@kedai/business';
import { CatalogEventsHandler } from './catalog-events.handler';
import { CatalogResolver } from './catalog.resolver';
import { CatalogService } from './catalog.service';
import { Product } from './entities/product.entity';
import { ProductVariant } from './entities/product-variant.entity';
import { ProductService } from './product.service';

/** Products and their variants. Other domains use the exported services, never these tables. */
@Module({
  imports: [MikroOrmModule.forFeature([Product, ProductVariant]), BusinessModule],
  providers: [ProductService, CatalogService, CatalogEventsHandler],
  exports: [ProductService, CatalogService],
})
export class CatalogModule {}

/** The GraphQL edge of the catalog; only the API imports it. */
@Module({
  imports: [CatalogModule],
  providers: [CatalogResolver],
})
export class CatalogApiModule {}
