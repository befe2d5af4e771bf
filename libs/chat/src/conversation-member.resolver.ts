import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { PersonService } from '@kedai/identity';
import { ConversationMemberModel } from './models/chat.models';

/**
 * Who a member is, for chat screens (a group's sender names, the agent inbox's customer): only the
 * public profile, and only for members of a conversation the caller was already allowed to see.
 */
@Resolver(() => ConversationMemberModel)
export class ConversationMemberResolver {
  constructor(private readonly people: PersonService) {}

  @ResolveField(() => String, { description: 'The member’s display name, else their handle, else "Someone"' })
  async displayName(@Ctx() ctx: RequestContext, @Parent() m: ConversationMemberModel): Promise<string> {
    // PersonService.profiles batches through the request's loader: one query for a whole list.
    const [profile] = await this.people.profiles(ctx, [m.personId]);
    return profile?.displayName || (profile?.handle ? `@${profile.handle}` : 'Someone');
  }
}
