import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { BusinessService } from './business.service';
import { BusinessByHandleArgs } from './dto/business-by-handle.args';
import { CreateBusinessInput } from './dto/create-business.input';
import { UpdateBusinessArgs } from './dto/update-business.input';
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

  @Mutation(() => BusinessModel, { description: 'Creates a business; the signed-in person becomes its owner' })
  async createBusiness(@Ctx() ctx: RequestContext, @Args('input') input: CreateBusinessInput): Promise<BusinessModel> {
    return BusinessModel.from(await this.businesses.create(ctx, input));
  }

  @Mutation(() => BusinessModel, { description: 'Changes the business profile. Needs BUSINESS_EDIT' })
  async updateBusiness(@Ctx() ctx: RequestContext, @Args() { businessId, input }: UpdateBusinessArgs): Promise<BusinessModel> {
    return BusinessModel.from(await this.businesses.update(ctx, businessId, input));
  }
}
