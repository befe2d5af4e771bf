import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { BusinessResolver } from './business.resolver';
import { BusinessService } from './business.service';
import { Business } from './entities/business.entity';

/** Business accounts. Other domains use BusinessService, never the business table. */
@Module({
  imports: [MikroOrmModule.forFeature([Business])],
  providers: [BusinessService],
  exports: [BusinessService],
})
export class BusinessModule {}

/** The GraphQL edge of the business domain; only the API imports it. */
@Module({ imports: [BusinessModule], providers: [BusinessResolver] })
export class BusinessApiModule {}
