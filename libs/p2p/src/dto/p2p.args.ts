import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { ReportReasonEnum, SplitEnum } from '../models/p2p.models';
import type { ReportReason } from '../p2p-states';
import type { Split } from '../entities/money-request.entity';
import { MINOR_UNITS } from '@kedai/core';

const MINOR_MESSAGE = 'amounts are positive whole numbers of minor units, as strings';
const CURRENCY = /^[A-Z]{3}$/;

@ArgsType()
class Payment {
  @Field({ description: 'Minor units, as a string' })
  @Matches(MINOR_UNITS, { message: MINOR_MESSAGE })
  amount!: string;

  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code' })
  currency!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@ArgsType()
class PayWithArgs {
  @Field(() => ID, { nullable: true, description: 'A card, linked wallet or Kedai wallet; the default when left out' })
  @IsOptional()
  @IsUUID('all')
  fundingSourceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  pin?: string;

  @Field({ description: 'Chosen by the client: sending again with it returns the first result' })
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey!: string;
}

@ArgsType()
export class SendMoneyArgs extends Payment {
  @Field(() => ID)
  @IsUUID('all')
  conversationId!: string;

  @Field(() => ID, { nullable: true, description: 'In a group, the member to pay' })
  @IsOptional()
  @IsUUID('all')
  recipientId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  fundingSourceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  pin?: string;

  @Field()
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey!: string;
}

@ArgsType()
export class RequestMoneyArgs extends Payment {
  @Field(() => ID)
  @IsUUID('all')
  conversationId!: string;

  @Field(() => Int, { nullable: true, description: 'Seconds until it expires (60 to 30 days); P2P_REQUEST_TTL_S when left out' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  expiresInS?: number;
}

@ArgsType()
export class GroupRequestArgs {
  @Field(() => ID)
  @IsUUID('all')
  conversationId!: string;

  @Field({ description: 'The total, in minor units, as a string' })
  @Matches(MINOR_UNITS, { message: MINOR_MESSAGE })
  total!: string;

  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code' })
  currency!: string;

  @Field(() => SplitEnum)
  @IsIn(['even', 'amounts'])
  split!: Split;

  @Field(() => [ID], { nullable: true, description: 'Who is asked; every other member when left out' })
  @IsOptional()
  @ArrayMaxSize(256)
  @IsUUID('all', { each: true })
  memberIds?: string[];

  @Field(() => [String], { nullable: true, description: 'For AMOUNTS: one per member, in the order of memberIds' })
  @IsOptional()
  @ArrayMaxSize(256)
  @Matches(MINOR_UNITS, { each: true, message: MINOR_MESSAGE })
  amounts?: string[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2_592_000)
  expiresInS?: number;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}

@ArgsType()
export class PayRequestArgs extends PayWithArgs {
  @Field(() => ID)
  @IsUUID('all')
  requestId!: string;
}

@ArgsType()
export class RequestIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  requestId!: string;
}

@ArgsType()
export class PersonIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  personId!: string;
}

@ArgsType()
export class FirstArgs {
  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;
}

@ArgsType()
export class MyRequestsArgs extends FirstArgs {
  @Field({ defaultValue: false, description: 'Only requests still waiting to be paid' })
  @IsBoolean()
  openOnly: boolean = false;
}

@ArgsType()
export class WithdrawArgs {
  @Field()
  @Matches(MINOR_UNITS, { message: MINOR_MESSAGE })
  amount!: string;

  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code' })
  currency!: string;

  @Field(() => ID, { description: 'The card or linked wallet to pay out to' })
  @IsUUID('all')
  fundingSourceId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  pin?: string;

  @Field()
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey!: string;
}

@ArgsType()
export class CreateLinkArgs extends Payment {
  @Field(() => Int, { description: 'Seconds until it expires (60 to 30 days)' })
  @IsInt()
  @Min(60)
  @Max(2_592_000)
  expiresInS!: number;
}

@ArgsType()
export class MyLinkArgs {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: MINOR_MESSAGE })
  amount?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(140)
  note?: string;
}

@ArgsType()
export class OpenLinkArgs {
  @Field({ description: 'A one-off link’s token, or a personal link’s handle' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  token!: string;
}

@ArgsType()
export class PayLinkArgs extends PayWithArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  token!: string;
}

@ArgsType()
export class ReportArgs {
  @Field(() => ID)
  @IsUUID('all')
  transferId!: string;

  @Field(() => ReportReasonEnum)
  @IsIn(['not_received', 'unauthorised'])
  reason!: ReportReason;
}
