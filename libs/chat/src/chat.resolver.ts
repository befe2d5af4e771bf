import { RequestContext as OrmContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Args, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { BusinessModel, BusinessService } from '@kedai/business';
import { ConversationService, type ConversationPage } from './conversation.service';
import { ConversationStream } from './conversation-stream';
import {
  BusinessConversationArgs,
  ConversationEventsArgs,
  ConversationIdArgs,
  ConversationsArgs,
  CreateGroupArgs,
  DirectConversationArgs,
  GroupAdminArgs,
  GroupMemberArgs,
  GroupMembersArgs,
  HandlerArgs,
  HistoryArgs,
  InboxArgs,
  MarkArgs,
  MessageIdArgs,
  PreferencesArgs,
  SendMessageArgs,
  TypingArgs,
  UpdateGroupArgs,
} from './dto/chat.args';
import type { Conversation } from './entities/conversation.entity';
import { MessageService } from './message.service';
import {
  ChatEventModel,
  ConversationConnectionModel,
  ConversationMemberModel,
  ConversationModel,
  MessageModel,
  MessagePageModel,
  ReadMarkModel,
} from './models/chat.models';

/** Chat over GraphQL: conversations, messages, marks, and the live event streams. */
@Resolver(() => ConversationModel)
export class ChatResolver {
  constructor(
    private readonly chats: ConversationService,
    private readonly sends: MessageService,
    private readonly stream: ConversationStream,
    private readonly businesses: BusinessService,
    private readonly em: EntityManager,
  ) {}

  @Query(() => ConversationConnectionModel, { description: 'The caller’s conversations, most recent activity first' })
  async conversations(@Ctx() ctx: RequestContext, @Args() args: ConversationsArgs): Promise<ConversationConnectionModel> {
    return connection(await this.chats.mine(ctx, args));
  }

  @Query(() => ConversationConnectionModel, { description: 'A business’s conversations, for its agents (CHATS_ANSWER)' })
  async businessInbox(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, first, after }: InboxArgs,
  ): Promise<ConversationConnectionModel> {
    return connection(await this.chats.inbox(ctx, businessId, { first, after }));
  }

  @Query(() => MessagePageModel, { description: 'History, paged by sequence number' })
  async messages(@Ctx() ctx: RequestContext, @Args() { conversationId, ...page }: HistoryArgs): Promise<MessagePageModel> {
    const { messages, hasMore } = await this.sends.history(ctx, conversationId, page);
    return { messages: messages.map((m) => MessageModel.from(m)), hasMore };
  }

  @Mutation(() => ConversationModel, { description: 'The caller’s conversation with a business, made on first contact' })
  async startBusinessConversation(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: BusinessConversationArgs,
  ): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.withBusiness(ctx, businessId));
  }

  @Mutation(() => ConversationModel, { description: 'The caller’s conversation with another person, made on first contact' })
  async startDirectConversation(@Ctx() ctx: RequestContext, @Args() args: DirectConversationArgs): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.withPerson(ctx, args));
  }

  @Mutation(() => ConversationModel, { description: 'A group of 2 to 256 people; the caller is its admin' })
  async createGroup(
    @Ctx() ctx: RequestContext,
    @Args() { title, memberIds, photoUrl }: CreateGroupArgs,
  ): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.createGroup(ctx, title, memberIds, photoUrl));
  }

  @Mutation(() => ConversationModel, { description: 'Group admins add people' })
  async addGroupMembers(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, personIds }: GroupMembersArgs,
  ): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.addMembers(ctx, conversationId, personIds));
  }

  @Mutation(() => ConversationModel, { description: 'Group admins remove someone (removing yourself is leaving)' })
  async removeGroupMember(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, personId }: GroupMemberArgs,
  ): Promise<ConversationModel> {
    return ConversationModel.from(await this.chats.removeMember(ctx, conversationId, personId), null);
  }

  @Mutation(() => ConversationModel, { description: 'Leaves a group' })
  async leaveGroup(@Ctx() ctx: RequestContext, @Args() { conversationId }: ConversationIdArgs): Promise<ConversationModel> {
    return ConversationModel.from(await this.chats.leave(ctx, conversationId), null);
  }

  @Mutation(() => ConversationModel, { description: 'Group admins make someone an admin, or not' })
  async setGroupAdmin(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, personId, admin }: GroupAdminArgs,
  ): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.setRole(ctx, conversationId, personId, admin ? 'admin' : 'member'));
  }

  @Mutation(() => ConversationModel, { description: 'Group admins change the title or photo' })
  async updateGroup(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, ...changes }: UpdateGroupArgs,
  ): Promise<ConversationModel> {
    return this.model(ctx, await this.chats.updateGroup(ctx, conversationId, changes));
  }

  @Mutation(() => ConversationModel, { description: 'The caller’s own mute and archive settings' })
  async setConversationPreferences(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, ...prefs }: PreferencesArgs,
  ): Promise<ConversationModel> {
    const member = await this.chats.setPreferences(ctx, conversationId, prefs);
    return ConversationModel.from(await this.chats.get(ctx, conversationId), member);
  }

  @Mutation(() => ConversationModel, {
    description: 'An agent takes a business conversation over from its bot, or hands it back',
  })
  async setConversationHandler(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, agent }: HandlerArgs,
  ): Promise<ConversationModel> {
    return ConversationModel.from(await this.chats.setHandler(ctx, conversationId, agent), null);
  }

  @Mutation(() => MessageModel, {
    description: 'Sends a message; a retry with the same clientMessageId returns the first and stores nothing',
  })
  async sendMessage(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, clientMessageId, content }: SendMessageArgs,
  ): Promise<MessageModel> {
    return MessageModel.from(await this.sends.send(ctx, conversationId, clientMessageId, content));
  }

  @Mutation(() => ReadMarkModel, { description: 'Marks messages up to seq read by the caller' })
  async markRead(@Ctx() ctx: RequestContext, @Args() { conversationId, seq }: MarkArgs): Promise<ReadMarkModel> {
    const { readSeq, unread } = await this.sends.markRead(ctx, conversationId, seq);
    return { readSeq, unreadCount: unread };
  }

  @Mutation(() => ReadMarkModel, { description: 'Marks messages up to seq delivered to the caller’s device' })
  async markDelivered(@Ctx() ctx: RequestContext, @Args() { conversationId, seq }: MarkArgs): Promise<ReadMarkModel> {
    const { readSeq, unread } = await this.sends.markDelivered(ctx, conversationId, seq);
    return { readSeq, unreadCount: unread };
  }

  @Mutation(() => MessageModel, { description: 'Deletes the caller’s message for everyone, within the time limit' })
  async deleteMessage(@Ctx() ctx: RequestContext, @Args() { messageId }: MessageIdArgs): Promise<MessageModel> {
    return MessageModel.from(await this.sends.deleteForEveryone(ctx, messageId));
  }

  @Mutation(() => Boolean, { description: 'Shows others the caller is typing (or stopped)' })
  async setTyping(@Ctx() ctx: RequestContext, @Args() { conversationId, typing }: TypingArgs): Promise<boolean> {
    await this.sends.setTyping(ctx, conversationId, typing);
    return true;
  }

  @Subscription(() => ChatEventModel, {
    resolve: (event: ChatEventModel) => event,
    description: 'A conversation’s events: messages after afterSeq (caught up, then live, in order, once each), receipts, typing',
  })
  conversationEvents(
    @Ctx() ctx: RequestContext,
    @Args() { conversationId, afterSeq }: ConversationEventsArgs,
  ): Promise<AsyncIterableIterator<ChatEventModel>> {
    return this.stream.conversation(ctx, conversationId, afterSeq ?? null);
  }

  @Subscription(() => ChatEventModel, {
    resolve: (event: ChatEventModel) => event,
    description: 'Events of all the caller’s conversations, and of ones they join: for the conversation list',
  })
  async chatEvents(@Ctx() ctx: RequestContext): Promise<AsyncIterableIterator<ChatEventModel>> {
    const personId = ctx.requirePerson();
    // A socket operation has no HTTP request, so no ORM request context of its own: one for the listing.
    const ids = await OrmContext.create(this.em, async () => {
      const all: string[] = [];
      for (let after: string | null | undefined; ;) {
        const page = await this.chats.mine(ctx, { first: 100, after });
        all.push(...page.conversations.map((c) => c.conversation.id));
        if (!page.hasNextPage) return all;
        after = page.endCursor;
      }
    });
    return this.stream.mine(ctx, ids, personId);
  }

  @ResolveField(() => BusinessModel, { nullable: true })
  async business(@Ctx() ctx: RequestContext, @Parent() c: ConversationModel): Promise<BusinessModel | null> {
    if (!c.businessId) return null;
    const [business] = await this.businesses.byIds(ctx, [c.businessId]);
    return business && BusinessModel.from(business);
  }

  // Only reachable from a conversation an operation above has let the caller see.
  @ResolveField(() => [ConversationMemberModel])
  async members(@Ctx() ctx: RequestContext, @Parent() c: ConversationModel): Promise<ConversationMemberModel[]> {
    return (await this.chats.membersOf(ctx, c.id)).map((m) => ConversationMemberModel.from(m));
  }

  private async model(ctx: RequestContext, conversation: Conversation): Promise<ConversationModel> {
    const member = await this.chats.memberOf(ctx, conversation.id);
    return ConversationModel.from(conversation, member);
  }
}

function connection(page: ConversationPage): ConversationConnectionModel {
  return {
    conversations: page.conversations.map(({ conversation, member }) => ConversationModel.from(conversation, member)),
    endCursor: page.endCursor,
    hasNextPage: page.hasNextPage,
  };
}
