import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  CONVERSATION_KINDS,
  type Conversation,
  type ConversationKind,
  type ConversationMember,
} from '../entities/conversation.entity';
import { MESSAGE_KINDS, type MessageKind, type SenderKind } from '../entities/message.entity';
import type { MessageView } from '../message-view';
import { contentOf, MessageContentUnion } from '../content/registry';

const upper = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v.toUpperCase(), v])) as Record<string, T>;
export const CONVERSATION_KIND_ENUM = upper(CONVERSATION_KINDS);
registerEnumType(CONVERSATION_KIND_ENUM, { name: 'ConversationKind' });
export const MESSAGE_KIND_ENUM = upper(MESSAGE_KINDS);
registerEnumType(MESSAGE_KIND_ENUM, { name: 'MessageKind' });
export const SENDER_KIND_ENUM = upper(['person', 'business', 'bot', 'system'] as const);
registerEnumType(SENDER_KIND_ENUM, { name: 'SenderKind' });
export const DELIVERY_STATE_ENUM = upper(['sent', 'delivered', 'read', 'failed'] as const);
registerEnumType(DELIVERY_STATE_ENUM, { name: 'DeliveryState' });
export type DeliveryState = 'sent' | 'delivered' | 'read' | 'failed';

@ObjectType('Receipt', { description: 'How far one recipient has got with a message' })
export class ReceiptModel {
  @Field(() => ID, { nullable: true })
  personId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The business side of a business conversation' })
  businessId!: string | null;

  @Field(() => DELIVERY_STATE_ENUM)
  state!: DeliveryState;
}

@ObjectType('Message')
export class MessageModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  conversationId!: string;

  @Field(() => Int, { description: 'Its place in the conversation: 1, 2, 3… with no gaps' })
  seq!: number;

  @Field(() => SENDER_KIND_ENUM)
  senderKind!: SenderKind;

  @Field(() => ID, { nullable: true })
  senderPersonId!: string | null;

  @Field(() => ID, { nullable: true })
  senderBusinessId!: string | null;

  @Field(() => String, { nullable: true })
  clientMessageId!: string | null;

  @Field(() => MESSAGE_KIND_ENUM)
  kind!: MessageKind;

  @Field(() => MessageContentUnion, { nullable: true, description: 'Null once deleted for everyone' })
  content!: object | null;

  @Field(() => String, { nullable: true, description: 'Why an outbound bridge could not deliver it' })
  failedReason!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  deletedAt!: Date | null;

  static from(v: MessageView): MessageModel {
    return Object.assign(new MessageModel(), {
      ...v,
      content: v.deletedAt ? null : contentOf(v.kind, v.payload),
      createdAt: new Date(v.createdAt),
      deletedAt: v.deletedAt ? new Date(v.deletedAt) : null,
    });
  }
}

@ObjectType('MessagePage')
export class MessagePageModel {
  @Field(() => [MessageModel], { description: 'Oldest first' })
  messages!: MessageModel[];

  @Field({ description: 'More in the direction asked for' })
  hasMore!: boolean;
}

@ObjectType('ConversationMember')
export class ConversationMemberModel {
  @Field(() => ID)
  personId!: string;

  @Field()
  role!: string;

  @Field(() => Int)
  lastReadSeq!: number;

  @Field(() => Int)
  lastDeliveredSeq!: number;

  static from(m: ConversationMember): ConversationMemberModel {
    return Object.assign(new ConversationMemberModel(), {
      personId: m.personId,
      role: m.role.toUpperCase(),
      lastReadSeq: m.lastReadSeq,
      lastDeliveredSeq: m.lastDeliveredSeq,
    });
  }
}

@ObjectType('Conversation')
export class ConversationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => CONVERSATION_KIND_ENUM)
  kind!: ConversationKind;

  @Field(() => ID, { nullable: true })
  businessId!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => String, { nullable: true })
  photoUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'BOT or AGENT, for business conversations' })
  handler!: string | null;

  @Field(() => ID, { nullable: true })
  handlerPersonId!: string | null;

  @Field(() => Int, { description: 'The newest message’s sequence number' })
  lastSeq!: number;

  @Field(() => Date, { nullable: true })
  lastMessageAt!: Date | null;

  @Field()
  lastMessagePreview!: string;

  @Field(() => Int, { description: 'Messages after the viewer’s read mark' })
  unreadCount!: number;

  @Field(() => Int, { description: 'The viewer’s read mark' })
  readSeq!: number;

  @Field()
  muted!: boolean;

  @Field()
  archived!: boolean;

  static from(c: Conversation, member: ConversationMember | null): ConversationModel {
    const readSeq = member ? member.lastReadSeq : c.businessReadSeq;
    return Object.assign(new ConversationModel(), {
      id: c.id,
      kind: c.kind,
      businessId: c.businessId,
      title: c.title,
      photoUrl: c.photoUrl,
      handler: c.handler?.toUpperCase() ?? null,
      handlerPersonId: c.handlerPersonId,
      lastSeq: c.lastSeq,
      lastMessageAt: c.lastMessageAt,
      lastMessagePreview: c.lastMessagePreview,
      unreadCount: Math.max(0, c.lastSeq - readSeq),
      readSeq,
      muted: member?.muted ?? false,
      archived: member?.archived ?? false,
    });
  }
}

@ObjectType('ConversationConnection')
export class ConversationConnectionModel {
  @Field(() => [ConversationModel])
  conversations!: ConversationModel[];

  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

@ObjectType('ReadMark')
export class ReadMarkModel {
  @Field(() => Int)
  readSeq!: number;

  @Field(() => Int)
  unreadCount!: number;
}

export const CHAT_EVENT_ENUM = upper(['message', 'deleted', 'receipt', 'typing', 'conversation'] as const);
registerEnumType(CHAT_EVENT_ENUM, { name: 'ChatEventType' });

@ObjectType('ChatEvent', { description: 'Something that happened in a conversation; which fields are set depends on type' })
export class ChatEventModel {
  @Field(() => CHAT_EVENT_ENUM)
  type!: string;

  @Field(() => ID)
  conversationId!: string;

  @Field(() => MessageModel, { nullable: true, description: 'MESSAGE' })
  message?: MessageModel;

  @Field(() => ID, { nullable: true, description: 'DELETED' })
  messageId?: string;

  @Field(() => Int, { nullable: true, description: 'DELETED: its sequence number' })
  seq?: number;

  @Field(() => ID, { nullable: true, description: 'RECEIPT and TYPING: who' })
  personId?: string;

  @Field(() => ID, { nullable: true, description: 'RECEIPT: the business side' })
  businessId?: string;

  @Field(() => Int, { nullable: true })
  readSeq?: number;

  @Field(() => Int, { nullable: true })
  deliveredSeq?: number;

  @Field({ nullable: true, description: 'TYPING' })
  typing?: boolean;

  @Field({ nullable: true, description: 'CONVERSATION: what changed' })
  change?: string;
}
