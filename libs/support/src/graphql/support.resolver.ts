import { Args, Mutation, Query, Resolver, Subscription } from '@nestjs/graphql';
import { Ctx, NotFoundError, PushQueue, RequestContext } from '@kedai/core';
import { BusinessAccessService, BusinessService } from '@kedai/business';
import { ConversationService } from '@kedai/chat';
import { Brain } from '../bot/brain';
import { SupportSettingsService } from '../faq.service';
import { HandoffService, type QueueChange } from '../handoff.service';
import { KEDAI_SUPPORT_BUSINESS_ID } from '../kedai-support';
import { ModelStore } from '../model-store';
import { extractEntities } from '../nlp/entities';
import { isLanguage } from '../nlp/intents';
import {
  AddSupportFaqArgs,
  BusinessIdArgs,
  FaqIdArgs,
  HandoffIdArgs,
  SetSupportBotArgs,
  SupportFiguresArgs,
  SupportNoteArgs,
  SupportPreviewArgs,
  SupportQueueArgs,
  UpdateSupportFaqArgs,
} from './support.args';
import {
  SupportFaqModel,
  SupportFiguresModel,
  SupportHandoffModel,
  SupportNoteModel,
  SupportPreviewModel,
  SupportQueueChangeModel,
  SupportRefundRequestModel,
} from './support.models';
import { MIN_CONFIDENCE } from '../bot/support-bot';
import { keywordIntent } from '../bot/keywords';
import { ID, Field, ObjectType } from '@nestjs/graphql';

@ObjectType('SupportConversation', { description: 'The caller’s conversation with Kedai Support' })
class SupportConversationModel {
  @Field(() => ID) conversationId!: string;
  @Field(() => ID) businessId!: string;
}

/**
 * The support API: the agents' queue (supportQueue, claimConversation, handBackConversation,
 * resolveConversation, notes, the supportQueueChanged subscription), the merchant's settings, FAQ,
 * figures and supportPreview, and a person's way in to Kedai Support. Agents reply with sendMessage.
 */
@Resolver()
export class SupportResolver {
  constructor(
    private readonly handoffs: HandoffService,
    private readonly settings: SupportSettingsService,
    private readonly models: ModelStore,
    private readonly brain: Brain,
    private readonly businesses: BusinessService,
    private readonly access: BusinessAccessService,
    private readonly conversations: ConversationService,
  ) {}

  @Query(() => [SupportHandoffModel], {
    description: 'Conversations waiting for (or claimed by) an agent, longest waiting first',
  })
  async supportQueue(@Ctx() ctx: RequestContext, @Args() { businessId, includeClaimed }: SupportQueueArgs) {
    return (await this.handoffs.queue(ctx, businessId, includeClaimed)).map(SupportHandoffModel.from);
  }

  @Query(() => SupportHandoffModel)
  async supportHandoff(@Ctx() ctx: RequestContext, @Args() { handoffId }: HandoffIdArgs) {
    return SupportHandoffModel.from(await this.handoffs.get(ctx, handoffId));
  }

  @Query(() => [SupportNoteModel], { description: 'Internal notes on a handoff, oldest first' })
  async supportNotes(@Ctx() ctx: RequestContext, @Args() { handoffId }: HandoffIdArgs) {
    return (await this.handoffs.notes(ctx, handoffId)).map(SupportNoteModel.from);
  }

  @Mutation(() => SupportHandoffModel, {
    description: 'Takes a waiting conversation; ALREADY_CLAIMED when another agent was first',
  })
  async claimConversation(@Ctx() ctx: RequestContext, @Args() { handoffId }: HandoffIdArgs) {
    return SupportHandoffModel.from(await this.handoffs.claim(ctx, handoffId));
  }

  @Mutation(() => SupportHandoffModel, { description: 'Gives the conversation back to the bot' })
  async handBackConversation(@Ctx() ctx: RequestContext, @Args() { handoffId }: HandoffIdArgs) {
    return SupportHandoffModel.from(await this.handoffs.handBack(ctx, handoffId));
  }

  @Mutation(() => SupportHandoffModel, { description: 'Marks the conversation solved; the bot answers new messages again' })
  async resolveConversation(@Ctx() ctx: RequestContext, @Args() { handoffId }: HandoffIdArgs) {
    return SupportHandoffModel.from(await this.handoffs.resolve(ctx, handoffId));
  }

  @Mutation(() => SupportNoteModel, { description: 'An internal note for the business’s people, never shown to the shopper' })
  async addSupportNote(@Ctx() ctx: RequestContext, @Args() { handoffId, body }: SupportNoteArgs) {
    return SupportNoteModel.from(await this.handoffs.addNote(ctx, handoffId, body));
  }

  @Subscription(() => SupportQueueChangeModel, {
    resolve: (change: QueueChange) => change,
    description: 'Every change to the business’s queue: opened, claimed, handed back, resolved',
  })
  async supportQueueChanged(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: BusinessIdArgs,
  ): Promise<AsyncIterableIterator<QueueChange>> {
    await this.access.require(ctx, businessId, 'chats:answer');
    const inbox = new PushQueue<QueueChange>();
    const stop = await this.handoffs.listen(businessId, (c) => inbox.push(c));
    return inbox.iterator(stop);
  }

  @Query(() => SupportFiguresModel, { description: 'Bot resolution rate, handoffs and the median wait over a period' })
  async supportFigures(@Ctx() ctx: RequestContext, @Args() { businessId, from, to }: SupportFiguresArgs) {
    const until = to ?? new Date();
    return this.handoffs.figures(ctx, businessId, from ?? new Date(until.getTime() - 30 * 86_400_000), until);
  }

  @Mutation(() => Boolean, { description: 'Turns the business’s bot on or off (business:edit)' })
  async setSupportBot(@Ctx() ctx: RequestContext, @Args() { businessId, enabled }: SetSupportBotArgs) {
    return this.settings.setBot(ctx, businessId, enabled);
  }

  @Query(() => [SupportFaqModel])
  async supportFaqs(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs) {
    return (await this.settings.faqs(ctx, businessId)).map(SupportFaqModel.from);
  }

  @Mutation(() => SupportFaqModel, { description: 'Adds an FAQ entry; the business’s model is retrained on the worker' })
  async addSupportFaq(@Ctx() ctx: RequestContext, @Args() { businessId, entry }: AddSupportFaqArgs) {
    return SupportFaqModel.from(await this.settings.addFaq(ctx, businessId, entry));
  }

  @Mutation(() => SupportFaqModel)
  async updateSupportFaq(@Ctx() ctx: RequestContext, @Args() { id, entry }: UpdateSupportFaqArgs) {
    return SupportFaqModel.from(await this.settings.updateFaq(ctx, id, entry));
  }

  @Mutation(() => SupportFaqModel)
  async deleteSupportFaq(@Ctx() ctx: RequestContext, @Args() { id }: FaqIdArgs) {
    return SupportFaqModel.from(await this.settings.deleteFaq(ctx, id));
  }

  @Query(() => [SupportRefundRequestModel], { description: 'Refund requests shoppers opened through the bot (orders:read)' })
  async supportRefundRequests(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessIdArgs) {
    return (await this.settings.refundRequests(ctx, businessId)).map(SupportRefundRequestModel.from);
  }

  @Query(() => SupportPreviewModel, { description: 'What the bot would make of a message and answer, with no side effect' })
  async supportPreview(@Ctx() ctx: RequestContext, @Args() { businessId, text, language }: SupportPreviewArgs) {
    await this.access.require(ctx, businessId, 'chats:answer');
    const [business] = await this.businesses.byIds(ctx, [businessId]);
    if (!business) throw new NotFoundError('Business');
    const engine = await this.models.engineFor(businessId);
    const c = await engine.classify(text, isLanguage(language) ? language : null, 'en');
    const keyword = await this.keywordMatch(businessId, text);
    const classification = keyword ? { ...c, intent: keyword, confidence: 1 } : c;
    const sure = classification.confidence >= MIN_CONFIDENCE;
    const situation = {
      ctx,
      business,
      isKedaiSupport: businessId === KEDAI_SUPPORT_BUSINESS_ID,
      conversationId: '',
      personId: ctx.requirePerson(),
      language: classification.language,
      text,
      classification: sure ? classification : { ...classification, intent: 'none' as const },
      now: new Date(),
    };
    const { reply, handoff } = await this.brain.preview(situation);
    const entities = extractEntities(text, {
      language: classification.language,
      now: new Date(),
      timeZone: business.timezone,
      defaultCurrency: business.currency,
      people: [],
    });
    return {
      intent: classification.intent,
      confidence: classification.confidence,
      language: classification.language,
      angry: classification.angry,
      entities,
      reply,
      handoff: handoff || classification.angry,
    };
  }

  @Mutation(() => SupportConversationModel, { description: 'The caller’s conversation with Kedai Support, started if needed' })
  async startSupportConversation(@Ctx() ctx: RequestContext) {
    const conversation = await this.conversations.withBusiness(ctx, KEDAI_SUPPORT_BUSINESS_ID);
    return { conversationId: conversation.id, businessId: KEDAI_SUPPORT_BUSINESS_ID };
  }

  private async keywordMatch(businessId: string, text: string): Promise<`faq:${string}` | null> {
    return keywordIntent(await this.settings.keywordEntries(businessId), text);
  }
}
