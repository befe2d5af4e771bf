import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { PersonService } from '@kedai/identity';
import { BusinessService } from './business.service';
import { ChangeMemberRoleArgs } from './dto/access.args';
import { BusinessIdArgs, MemberArgs } from './dto/id.args';
import { MemberService } from './member.service';
import { BusinessModel } from './models/business.model';
import { BusinessMemberModel, MemberProfileModel } from './models/member.model';

@Resolver(() => BusinessMemberModel)
export class MemberResolver {
  constructor(
    private readonly members: MemberService,
    private readonly businesses: BusinessService,
    private readonly people: PersonService,
  ) {}

  @Query(() => [BusinessMemberModel], { description: 'The businesses the signed-in person belongs to, with their role' })
  async myBusinesses(@Ctx() ctx: RequestContext): Promise<BusinessMemberModel[]> {
    return (await this.members.myBusinesses(ctx)).map(BusinessMemberModel.from);
  }

  @Query(() => [BusinessMemberModel], { description: 'Everyone in a business. Members only' })
  async businessMembers(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs): Promise<BusinessMemberModel[]> {
    return (await this.members.list(ctx, businessId)).map(BusinessMemberModel.from);
  }

  @Mutation(() => BusinessMemberModel, { description: 'Needs MEMBERS_MANAGE; only an owner can make or unmake an owner' })
  async changeMemberRole(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, personId, role }: ChangeMemberRoleArgs,
  ): Promise<BusinessMemberModel> {
    return BusinessMemberModel.from(await this.members.changeRole(ctx, businessId, personId, role));
  }

  @Mutation(() => Boolean, { description: 'Needs MEMBERS_MANAGE; an admin cannot remove an owner; the last owner stays' })
  async removeMember(@Ctx() ctx: RequestContext, @Args() { businessId, personId }: MemberArgs): Promise<boolean> {
    await this.members.remove(ctx, businessId, personId);
    return true;
  }

  @Mutation(() => Boolean, { description: 'The signed-in person leaves a business; the last owner cannot' })
  async leaveBusiness(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs): Promise<boolean> {
    await this.members.leave(ctx, businessId);
    return true;
  }

  @ResolveField(() => MemberProfileModel, { nullable: true, description: 'Public profile; batched per request' })
  async person(@Ctx() ctx: RequestContext, @Parent() member: BusinessMemberModel): Promise<MemberProfileModel | null> {
    const [profile] = await this.people.profiles(ctx, [member.personId]);
    return profile;
  }

  @ResolveField(() => BusinessModel, { nullable: true })
  async business(@Ctx() ctx: RequestContext, @Parent() member: BusinessMemberModel): Promise<BusinessModel | null> {
    const [business] = await this.businesses.byIds(ctx, [member.businessId]);
    return business && BusinessModel.from(business);
  }
}
