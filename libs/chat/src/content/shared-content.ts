import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsIn,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

// Kinds anyone may send (a person or a business), shaped after the WhatsApp Cloud API's reaction,
// location and contacts messages so the Cloud API surface and the bridge map them one to one.

@ObjectType('ReactionContent', { description: 'An emoji on an earlier message of the conversation; empty takes it back' })
@InputType('ReactionContentInput')
export class ReactionContent {
  @Field(() => ID)
  @IsUUID('all', { message: 'reaction.messageId must be a message id' })
  messageId!: string;

  @Field({ description: 'One emoji, or empty to remove the reaction' })
  @IsString()
  @MaxLength(16, { message: 'reaction.emoji is one emoji' })
  emoji!: string;
}

@ObjectType('LocationContent')
@InputType('LocationContentInput')
export class LocationContent {
  @Field(() => Float)
  @IsNumber({}, { message: 'location.latitude must be a number' })
  @IsLatitude({ message: 'location.latitude must be between -90 and 90' })
  latitude!: number;

  @Field(() => Float)
  @IsNumber({}, { message: 'location.longitude must be a number' })
  @IsLongitude({ message: 'location.longitude must be between -180 and 180' })
  longitude!: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  address?: string;
}

@ObjectType('ContactPhone')
@InputType('ContactPhoneInput')
export class ContactPhone {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  phone!: string;

  @Field({ nullable: true, description: 'HOME, WORK, CELL…' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  type?: string;

  @Field({ nullable: true, description: 'The WhatsApp id, when the number is on WhatsApp' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  waId?: string;
}

@ObjectType('ContactEmail')
@InputType('ContactEmailInput')
export class ContactEmail {
  @Field()
  @IsString()
  @MinLength(3)
  @MaxLength(254)
  email!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  type?: string;
}

@ObjectType('ContactCard')
@InputType('ContactCardInput')
export class ContactCard {
  @Field({ description: 'The name as shown' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @Field(() => [ContactPhone], { defaultValue: [] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactPhone)
  @ArrayMaxSize(20)
  phones?: ContactPhone[];

  @Field(() => [ContactEmail], { defaultValue: [] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ContactEmail)
  @ArrayMaxSize(20)
  emails?: ContactEmail[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organization?: string;
}

@ObjectType('ContactsContent', { description: 'One or more contact cards' })
@InputType('ContactsContentInput')
export class ContactsContent {
  @Field(() => [ContactCard])
  @ValidateNested({ each: true })
  @Type(() => ContactCard)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  contacts!: ContactCard[];
}

/** Where a message Kedai does not model came from; only bridges post these. */
export const UNSUPPORTED_SOURCES = ['whatsapp'] as const;

/**
 * A message of a kind Kedai does not model (a WhatsApp sticker, an `unsupported` message, a poll):
 * kept as it came, so nothing a shopper sent is lost and clients can say "not shown here".
 */
export class StoredUnsupported {
  @IsIn(UNSUPPORTED_SOURCES)
  source!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  type!: string;

  @IsObject()
  raw!: Record<string, unknown>;
}

@ObjectType('UnsupportedContent', { description: 'A message of a kind Kedai does not show (kept as it came)' })
export class UnsupportedContent {
  @Field()
  source!: string;

  @Field({ description: 'The kind it had where it came from' })
  type!: string;
}
