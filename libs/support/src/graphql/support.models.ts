import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { SupportFaq, SupportHandoff, SupportNote, SupportRefundRequest } from '../entities';

export const HandoffStatusEnum = { WAITING: 'waiting', CLAIMED: 'claimed', RETURNED: 'returned', RESOLVED: 'resolved' } as const;
registerEnumType(HandoffStatusEnum, { name: 'SupportHandoffStatus' });

export const HandoffReasonEnum = {
  ASKED: 'asked',
  LOW_CONFIDENCE: 'low_confidence',
  ANGRY: 'angry',
  DISPUTE: 'dispute',
} as const;
registerEnumType(HandoffReasonEnum, {
  name: 'SupportHandoffReason',
  description:
    'ASKED: the shopper asked for a person; LOW_CONFIDENCE: not understood twice; ANGRY: an upset shopper; DISPUTE: a contested payment',
});

@ObjectType('SupportHandoff', { description: 'A conversation handed from the bot to the business’s agents' })
export class SupportHandoffModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => ID) businessId!: string;
  @Field(() => ID, { description: 'The shopper' }) personId!: string;
  @Field(() => HandoffReasonEnum) reason!: string;
  @Field(() => String, { nullable: true, description: 'The intent that led here, e.g. dispute' }) intent!: string | null;
  @Field({ description: 'The shopper’s language (en, ms, id, de, es, fr, it, pt)' }) language!: string;
  @Field({ description: 'The bot’s exchange before the handoff' }) summary!: string;
  @Field(() => HandoffStatusEnum) status!: string;
  @Field(() => ID, { nullable: true, description: 'The agent who claimed it' }) agentId!: string | null;
  @Field() createdAt!: Date;
  @Field(() => Date, { nullable: true }) claimedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Int, { description: 'Seconds from the handoff to the claim (or to now while waiting)' }) waitingSeconds!: number;

  static from(h: SupportHandoff): SupportHandoffModel {
    const end = h.claimedAt ?? h.closedAt ?? new Date();
    return Object.assign(new SupportHandoffModel(), {
      ...h,
      waitingSeconds: Math.max(0, Math.round((new Date(end).getTime() - new Date(h.createdAt).getTime()) / 1000)),
    });
  }
}

@ObjectType('SupportNote', { description: 'An agent’s internal note: never shown to the shopper' })
export class SupportNoteModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) handoffId!: string;
  @Field(() => ID) authorId!: string;
  @Field() body!: string;
  @Field() createdAt!: Date;

  static from(n: SupportNote): SupportNoteModel {
    return Object.assign(new SupportNoteModel(), n);
  }
}

@ObjectType('SupportQueueChange', { description: 'A handoff of the business was opened, claimed, handed back or resolved' })
export class SupportQueueChangeModel {
  @Field(() => ID) businessId!: string;
  @Field(() => ID) handoffId!: string;
  @Field(() => ID) conversationId!: string;
  @Field(() => HandoffStatusEnum) status!: string;
}

@ObjectType('SupportFigures', { description: 'How the bot and the agents did over a period' })
export class SupportFiguresModel {
  @Field(() => Int, { description: 'Conversations the bot answered' }) answered!: number;
  @Field(() => Int) handoffs!: number;
  @Field(() => Int) resolved!: number;
  @Field(() => Float, { description: 'Share of answered conversations never handed to an agent (0..1)' })
  botResolutionRate!: number;
  @Field(() => Int, { nullable: true, description: 'Median seconds from handoff to claim' }) medianWaitSeconds!: number | null;
}

@ObjectType('SupportFaqEntry', { description: 'A business’s FAQ entry in one language' })
export class SupportFaqModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) businessId!: string;
  @Field() language!: string;
  @Field(() => [String]) questions!: string[];
  @Field() answer!: string;
  @Field(() => [String]) keywords!: string[];
  @Field() updatedAt!: Date;

  static from(f: SupportFaq): SupportFaqModel {
    return Object.assign(new SupportFaqModel(), f);
  }
}

@ObjectType('SupportRefundRequest', { description: 'A shopper’s request for a refund, opened through the bot' })
export class SupportRefundRequestModel {
  @Field(() => ID) id!: string;
  @Field(() => ID) orderId!: string;
  @Field() orderReference!: string;
  @Field(() => ID) personId!: string;
  @Field(() => ID) conversationId!: string;
  @Field() reason!: string;
  @Field() status!: string;
  @Field() createdAt!: Date;

  static from(r: SupportRefundRequest): SupportRefundRequestModel {
    return Object.assign(new SupportRefundRequestModel(), r);
  }
}

@ObjectType('SupportAmountEntity')
export class SupportAmountModel {
  @Field({ description: 'Minor units' }) amountMinor!: string;
  @Field() currency!: string;
  @Field() text!: string;
}

@ObjectType('SupportDateEntity')
export class SupportDateModel {
  @Field({ description: 'YYYY-MM-DD in the business’s time zone' }) date!: string;
  @Field() text!: string;
}

@ObjectType('SupportEntities')
export class SupportEntitiesModel {
  @Field(() => [String]) orderRefs!: string[];
  @Field(() => [SupportAmountModel]) amounts!: SupportAmountModel[];
  @Field(() => [SupportDateModel]) dates!: SupportDateModel[];
}

@ObjectType('SupportPreview', { description: 'What the bot would make of a message, without doing anything' })
export class SupportPreviewModel {
  @Field() intent!: string;
  @Field(() => Float) confidence!: number;
  @Field() language!: string;
  @Field({ description: 'An upset message: the bot would hand over' }) angry!: boolean;
  @Field(() => SupportEntitiesModel) entities!: SupportEntitiesModel;
  @Field({ description: 'The reply the bot would give (for intents that read a shopper’s own data: what it would do)' })
  reply!: string;
  @Field({ description: 'Whether the bot would hand the conversation to an agent' }) handoff!: boolean;
}
