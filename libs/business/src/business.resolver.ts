import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { BusinessService } from './business.service';
import { BusinessByHandleArgs } from './dto/business-by-handle.args';
import { BusinessModel } from './models/business.model';

@Resolver(() => BusinessModel)
export class BusinessResolver {
  constructor(private readonly businesses: BusinessService) {}

  @Public()
  @Query(() => BusinessModel, { nullable: true, description: 'A business by its public handle; null when there is none' })
  async business(@Ctx() ctx: RequestContext, @Args() { handle }: BusinessByHandleArgs): Promise<BusinessModel | null> {
    const found = await this.businesses.findByHandle(ctx, handle);
    return found && BusinessModel.from(found);
  }
}
