import { Field, ID, InputType, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

// The kinds a client may send. Each class is both the GraphQL input and output type of its
// payload, and the schema a payload is checked against before it is stored. Limits follow the
// WhatsApp Cloud API's, so a message can be bridged to WhatsApp unchanged.

/** The longest text body (WhatsApp's). */
export const TEXT_BODY_MAX = 4096;

@ObjectType('TextContent')
@InputType('TextContentInput')
export class TextContent {
  @Field()
  @IsString()
  @MinLength(1, { message: 'text.body must not be empty' })
  @MaxLength(TEXT_BODY_MAX, { message: 'text.body has at most 4096 characters' })
  body!: string;

  @Field({ nullable: true, description: 'Show a preview of the first link' })
  @IsOptional()
  @IsBoolean()
  previewUrl?: boolean;
}

@ObjectType('ImageContent')
@InputType('ImageContentInput')
export class ImageContent {
  @Field(() => ID, { description: 'A photo uploaded with POST /media' })
  @IsUUID('all', { message: 'image.mediaId must be a media id' })
  mediaId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  caption?: string;
}

@ObjectType('ProductContent', { description: 'One product of the business, shown as a card' })
@InputType('ProductContentInput')
export class ProductContent {
  @Field(() => ID)
  @IsUUID('all', { message: 'product.productId must be a product id' })
  productId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  body?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  footer?: string;
}

@ObjectType('ProductSection')
@InputType('ProductSectionInput')
export class ProductSection {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(24)
  title!: string;

  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true, message: 'productIds must be product ids' })
  productIds!: string[];
}

@ObjectType('ProductListContent', { description: 'Up to 30 products in up to 10 sections' })
@InputType('ProductListContentInput')
export class ProductListContent {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  header!: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  body!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  footer?: string;

  @Field(() => [ProductSection])
  @ValidateNested({ each: true })
  @Type(() => ProductSection)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  sections!: ProductSection[];
}

@ObjectType('CatalogContent', { description: 'An invitation to browse the business’s whole catalog' })
@InputType('CatalogContentInput')
export class CatalogContent {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  body!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  footer?: string;

  @Field(() => ID, { nullable: true, description: 'The product whose photo is the thumbnail' })
  @IsOptional()
  @IsUUID('all')
  thumbnailProductId?: string;
}

export const INTERACTIVE_TYPES = ['button', 'list'] as const;
export type InteractiveType = (typeof INTERACTIVE_TYPES)[number];
const INTERACTIVE_ENUM = { BUTTON: 'button', LIST: 'list' } as const;
registerEnumType(INTERACTIVE_ENUM, { name: 'InteractiveType' });

@ObjectType('ReplyButton')
@InputType('ReplyButtonInput')
export class ReplyButton {
  @Field({ description: 'What comes back in the reply' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  id!: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  title!: string;
}

@ObjectType('ListRow')
@InputType('ListRowInput')
export class ListRow {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  id!: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(24)
  title!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(72)
  description?: string;
}

@ObjectType('ListSection')
@InputType('ListSectionInput')
export class ListSection {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(24)
  title?: string;

  @Field(() => [ListRow])
  @ValidateNested({ each: true })
  @Type(() => ListRow)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  rows!: ListRow[];
}

@ObjectType('InteractiveContent', { description: 'Reply buttons (up to 3) or a list (up to 10 rows)' })
@InputType('InteractiveContentInput')
export class InteractiveContent {
  @Field(() => INTERACTIVE_ENUM)
  @IsIn(INTERACTIVE_TYPES)
  type!: InteractiveType;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  header?: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  body!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  footer?: string;

  @Field(() => [ReplyButton], { nullable: true, description: 'For BUTTON' })
  @ValidateIf((o: InteractiveContent) => o.type === 'button' || o.buttons !== undefined)
  @ValidateNested({ each: true })
  @Type(() => ReplyButton)
  @ArrayMinSize(1, { message: 'interactive.buttons: a button message has 1 to 3 buttons' })
  @ArrayMaxSize(3, { message: 'interactive.buttons: a button message has 1 to 3 buttons' })
  buttons?: ReplyButton[];

  @Field({ nullable: true, description: 'For LIST: the label of the button that opens it' })
  @ValidateIf((o: InteractiveContent) => o.type === 'list' || o.listButton !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  listButton?: string;

  @Field(() => [ListSection], { nullable: true, description: 'For LIST' })
  @ValidateIf((o: InteractiveContent) => o.type === 'list' || o.sections !== undefined)
  @ValidateNested({ each: true })
  @Type(() => ListSection)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  sections?: ListSection[];
}

@ObjectType('InteractiveReplyContent', { description: 'A tap on a reply button or a list row' })
@InputType('InteractiveReplyContentInput')
export class InteractiveReplyContent {
  @Field(() => ID)
  @IsUUID('all', { message: 'interactiveReply.replyToMessageId must be a message id' })
  replyToMessageId!: string;

  @Field({ description: 'The id of the button or row chosen' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  id!: string;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(72)
  title!: string;
}
