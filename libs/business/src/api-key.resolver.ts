import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { ApiKeyService } from './api-key.service';
import { CreateApiKeyArgs } from './dto/access.args';
import { BusinessIdArgs, IdArgs } from './dto/id.args';
import { ApiKeyModel, CreatedApiKeyModel } from './models/api-key.model';

@Resolver(() => ApiKeyModel)
export class ApiKeyResolver {
  constructor(private readonly keys: ApiKeyService) {}

  @Mutation(() => CreatedApiKeyModel, {
    description: 'Creates a key; the answer holds its secret, shown this once. Needs APIKEYS_MANAGE',
  })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, name, scopes }: CreateApiKeyArgs,
  ): Promise<CreatedApiKeyModel> {
    return CreatedApiKeyModel.from(await this.keys.create(ctx, businessId, name, scopes));
  }

  @Query(() => [ApiKeyModel], { description: 'A business’s keys, without secrets. Needs APIKEYS_MANAGE' })
  async apiKeys(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs): Promise<ApiKeyModel[]> {
    return (await this.keys.list(ctx, businessId)).map(ApiKeyModel.from);
  }

  @Mutation(() => ApiKeyModel, { description: 'Revokes a key at once. Needs APIKEYS_MANAGE' })
  async revokeApiKey(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<ApiKeyModel> {
    return ApiKeyModel.from(await this.keys.revoke(ctx, id));
  }
}
