import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { PersonService } from '@kedai/identity';
import { BusinessService } from './business.service';
import { InviteMemberArgs } from './dto/access.args';
import { BusinessIdArgs, IdArgs } from './dto/id.args';
import { InvitationService } from './invitation.service';
import { BusinessModel } from './models/business.model';
import { BusinessInvitationModel } from './models/invitation.model';
import { BusinessMemberModel, MemberProfileModel } from './models/member.model';

@Resolver(() => BusinessInvitationModel)
export class InvitationResolver {
  constructor(
    private readonly invitations: InvitationService,
    private readonly businesses: BusinessService,
    private readonly people: PersonService,
  ) {}

  @Mutation(() => BusinessInvitationModel, {
    description: 'Invites a phone number; inviting it again refreshes the invitation. Needs MEMBERS_MANAGE',
  })
  async inviteMember(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, phone, role }: InviteMemberArgs,
  ): Promise<BusinessInvitationModel> {
    return BusinessInvitationModel.from(await this.invitations.invite(ctx, businessId, phone, role));
  }

  @Query(() => [BusinessInvitationModel], { description: 'Open invitations to the signed-in person’s phone' })
  async myInvitations(@Ctx() ctx: RequestContext): Promise<BusinessInvitationModel[]> {
    return (await this.invitations.mine(ctx)).map(BusinessInvitationModel.from);
  }

  @Query(() => [BusinessInvitationModel], { description: 'A business’s open invitations. Needs MEMBERS_MANAGE' })
  async businessInvitations(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: BusinessIdArgs,
  ): Promise<BusinessInvitationModel[]> {
    return (await this.invitations.pending(ctx, businessId)).map(BusinessInvitationModel.from);
  }

  @Mutation(() => BusinessMemberModel, { description: 'The invitee joins the business; safe to retry' })
  async acceptInvitation(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<BusinessMemberModel> {
    return BusinessMemberModel.from(await this.invitations.accept(ctx, id));
  }

  @Mutation(() => BusinessInvitationModel, { description: 'Withdraws an open invitation. Needs MEMBERS_MANAGE' })
  async revokeInvitation(@Ctx() ctx: RequestContext, @Args() { id }: IdArgs): Promise<BusinessInvitationModel> {
    return BusinessInvitationModel.from(await this.invitations.revoke(ctx, id));
  }

  @ResolveField(() => BusinessModel, { nullable: true })
  async business(@Ctx() ctx: RequestContext, @Parent() invitation: BusinessInvitationModel): Promise<BusinessModel | null> {
    const [business] = await this.businesses.byIds(ctx, [invitation.businessId]);
    return business && BusinessModel.from(business);
  }

  @ResolveField(() => MemberProfileModel, {
    nullable: true,
    description: 'Who sent it; null when the business’s integration did',
  })
  async invitedBy(@Ctx() ctx: RequestContext, @Parent() invitation: BusinessInvitationModel): Promise<MemberProfileModel | null> {
    if (!invitation.invitedBy) return null;
    const [profile] = await this.people.profiles(ctx, [invitation.invitedBy]);
    return profile;
  }
}
