import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '@kedai/core';
import { GrantSupportAgentArgs, RevokeSupportAgentArgs } from './support-staff.args';
import { SupportStaffMemberModel } from './support-staff.model';
import { SupportStaffService } from './support-staff.service';

/** Kedai Support's staff, managed by the platform's administrators (PLATFORM_ADMIN_REQUIRED for anyone else). */
@Resolver()
export class SupportStaffResolver {
  constructor(private readonly staff: SupportStaffService) {}

  @Query(() => [SupportStaffMemberModel], { description: 'Kedai Support’s agents, oldest first (platform administrators)' })
  async supportStaff(@Ctx() ctx: RequestContext) {
    return (await this.staff.list(ctx)).map(SupportStaffMemberModel.from);
  }

  @Mutation(() => SupportStaffMemberModel, {
    description:
      'Makes the person with this phone a Kedai Support agent (platform administrators); PERSON_NOT_FOUND until they have signed in once',
  })
  async grantSupportAgent(@Ctx() ctx: RequestContext, @Args() { phone }: GrantSupportAgentArgs) {
    return SupportStaffMemberModel.from(await this.staff.grantAgent(ctx, phone));
  }

  @Mutation(() => Boolean, { description: 'Takes a person off Kedai Support’s staff (platform administrators)' })
  async revokeSupportAgent(@Ctx() ctx: RequestContext, @Args() { personId }: RevokeSupportAgentArgs) {
    await this.staff.revoke(ctx, personId);
    return true;
  }
}
