import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  CatalogContent,
  ImageContent,
  InteractiveContent,
  InteractiveReplyContent,
  ProductContent,
  ProductListContent,
  TextContent,
} from '../content/client-content';
import { ContactsContent, LocationContent, ReactionContent } from '../content/shared-content';

/**
 * Exactly one kind of content. Not checked by the global pipe (`@Allow`): ChatService checks it
 * against its kind's schema and answers INVALID_MESSAGE, naming the field, as the issue asks.
 */
@InputType()
export class MessageInput {
  @Field(() => TextContent, { nullable: true })
  text?: TextContent;

  @Field(() => ImageContent, { nullable: true })
  image?: ImageContent;

  @Field(() => ProductContent, { nullable: true })
  product?: ProductContent;

  @Field(() => ProductListContent, { nullable: true })
  productList?: ProductListContent;

  @Field(() => CatalogContent, { nullable: true })
  catalog?: CatalogContent;

  @Field(() => InteractiveContent, { nullable: true })
  interactive?: InteractiveContent;

  @Field(() => InteractiveReplyContent, { nullable: true })
  interactiveReply?: InteractiveReplyContent;

  @Field(() => ReactionContent, { nullable: true })
  reaction?: ReactionContent;

  @Field(() => LocationContent, { nullable: true })
  location?: LocationContent;

  @Field(() => ContactsContent, { nullable: true })
  contacts?: ContactsContent;
}

@ArgsType()
export class ConversationIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'conversationId must be an id' })
  conversationId!: string;
}

@ArgsType()
export class SendMessageArgs extends ConversationIdArgs {
  @Field({ description: 'Chosen by the client, unique per message: a retry with the same id sends nothing new' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  clientMessageId!: string;

  @Field(() => MessageInput)
  @Allow()
  content!: Record<string, unknown>;
}

@ArgsType()
export class HistoryArgs extends ConversationIdArgs {
  @Field(() => Int, { nullable: true, description: 'Messages after this sequence number, oldest first' })
  @IsOptional()
  @IsInt()
  @Min(0)
  afterSeq?: number;

  @Field(() => Int, { nullable: true, description: 'Messages before this one (the latest when both are left out)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  beforeSeq?: number;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;
}

@ArgsType()
export class MarkArgs extends ConversationIdArgs {
  @Field(() => Int, { description: 'Up to and including this sequence number' })
  @IsInt()
  @Min(0)
  seq!: number;
}

@ArgsType()
export class TypingArgs extends ConversationIdArgs {
  @Field()
  @IsBoolean()
  typing!: boolean;
}

@ArgsType()
export class MessageIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'messageId must be an id' })
  messageId!: string;
}

@ArgsType()
export class BusinessConversationArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;
}

@ArgsType()
export class DirectConversationArgs {
  @Field(() => ID, { nullable: true })
  @ValidateIf((o: DirectConversationArgs) => !o.phone)
  @IsUUID('all', { message: 'give personId or phone' })
  personId?: string;

  @Field({ nullable: true, description: 'E.164, of someone on Kedai' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  phone?: string;
}

@ArgsType()
export class CreateGroupArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title!: string;

  @Field(() => [ID], { description: 'The others; the creator is in the group as its admin' })
  @ArrayMinSize(1)
  @ArrayMaxSize(255)
  @IsUUID('all', { each: true, message: 'memberIds must be person ids' })
  memberIds!: string[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  photoUrl?: string;
}

@ArgsType()
export class GroupMembersArgs extends ConversationIdArgs {
  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(255)
  @IsUUID('all', { each: true, message: 'personIds must be person ids' })
  personIds!: string[];
}

@ArgsType()
export class GroupMemberArgs extends ConversationIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be an id' })
  personId!: string;
}

@ArgsType()
export class GroupAdminArgs extends GroupMemberArgs {
  @Field()
  @IsBoolean()
  admin!: boolean;
}

@ArgsType()
export class UpdateGroupArgs extends ConversationIdArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  title?: string;

  @Field(() => String, { nullable: true, description: 'null removes the photo' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  photoUrl?: string | null;
}

@ArgsType()
export class PreferencesArgs extends ConversationIdArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  muted?: boolean;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;
}

@ArgsType()
export class HandlerArgs extends ConversationIdArgs {
  @Field({ description: 'true: the calling agent takes over from the bot; false: back to the bot' })
  @IsBoolean()
  agent!: boolean;
}

@ArgsType()
export class ConversationsArgs {
  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 30;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @Field({ defaultValue: false, description: 'The archived ones instead' })
  @IsBoolean()
  archived: boolean = false;
}

@ArgsType()
export class InboxArgs extends BusinessConversationArgs {
  @Field(() => Int, { defaultValue: 30 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 30;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;
}

@ArgsType()
export class ConversationEventsArgs extends ConversationIdArgs {
  @Field(() => Int, {
    nullable: true,
    description: 'The last sequence number the client has: it gets everything after, then live',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  afterSeq?: number;
}
