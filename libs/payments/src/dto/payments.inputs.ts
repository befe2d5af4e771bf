import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CaptureMethodEnum, PaymentPurposeKind } from '../models/enums';

const AMOUNT = /^[1-9]\d{0,12}$/;
const AMOUNT_RULE = { message: 'amount is a positive whole number of minor units, as a string' };
const CURRENCY = /^[A-Z]{3}$/;
const KEY = /^[A-Za-z0-9._:-]{1,255}$/;
const KEY_RULE = { message: 'idempotencyKey is 1 to 255 letters, digits or ._:-' };

/** Card details travel to the PSP only; messages never repeat them. */
@InputType()
export class AddCardInput {
  @Field({ description: 'The card number; sent to the payment provider, never stored' })
  @IsString()
  @MaxLength(23, { message: 'number is too long' })
  number!: string;

  @Field(() => Int)
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(12)
  expMonth!: number;

  @Field(() => Int, { description: 'Four digits, or two (20xx)' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2100)
  expYear!: number;

  @Field({ description: 'Sent to the payment provider, never stored' })
  @IsString()
  @MaxLength(4, { message: 'cvc is 3 or 4 digits' })
  cvc!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  makeDefault?: boolean;
}

@InputType()
export class LinkWalletInput {
  @Field({ description: 'The external wallet account (linked through the payment provider)' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  makeDefault?: boolean;
}

@InputType()
export class SetPayoutAccountInput {
  @Field()
  @IsString()
  @Length(1, 100)
  holderName!: string;

  @Field()
  @IsString()
  @Length(1, 100)
  bankName!: string;

  @Field({ description: 'Sent to the payment provider; only the last 4 digits are kept' })
  @Matches(/^[\d\s-]{6,30}$/, { message: 'accountNumber is 6 to 20 digits' })
  accountNumber!: string;
}

@InputType()
export class PaymentPurposeInput {
  @Field(() => PaymentPurposeKind)
  @IsIn(Object.values(PaymentPurposeKind))
  kind!: 'order' | 'transfer';

  @Field({ description: 'The order id (or transfer id) this pays' })
  @IsString()
  @Length(1, 200)
  referenceId!: string;
}

@InputType()
export class CreatePaymentIntentInput {
  @Field(() => ID, { description: 'The business being paid' })
  @IsUUID()
  businessId!: string;

  @Field({ description: 'Minor units, as a string' })
  @Matches(AMOUNT, AMOUNT_RULE)
  amount!: string;

  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code such as MYR' })
  currency!: string;

  @Field(() => PaymentPurposeInput)
  @ValidateNested()
  @Type(() => PaymentPurposeInput)
  purpose!: PaymentPurposeInput;

  @Field(() => CaptureMethodEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(CaptureMethodEnum))
  captureMethod?: 'automatic' | 'manual';

  @Field(() => ID, { nullable: true, description: 'Omitted: the default funding source' })
  @IsOptional()
  @IsUUID()
  fundingSourceId?: string;

  @Field({ nullable: true, description: 'Also accepted as the Idempotency-Key header' })
  @IsOptional()
  @Matches(KEY, KEY_RULE)
  idempotencyKey?: string;

  @Field({
    nullable: true,
    description:
      'Pay at once, as confirmPaymentIntent would (one call instead of two when nothing is needed in between); the same idempotency key covers both steps',
  })
  @IsOptional()
  @IsBoolean()
  confirm?: boolean;

  @Field({ nullable: true, description: 'With confirm: required once a payment PIN is set' })
  @IsOptional()
  @IsString()
  @MaxLength(6, { message: 'A PIN is 4 to 6 digits' })
  pin?: string;
}

@InputType()
export class ConfirmPaymentIntentInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  fundingSourceId?: string;

  @Field({ nullable: true, description: 'Required once a payment PIN is set' })
  @IsOptional()
  @IsString()
  @MaxLength(6, { message: 'A PIN is 4 to 6 digits' })
  pin?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(KEY, KEY_RULE)
  idempotencyKey?: string;
}

@ArgsType()
export class IntentIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class CaptureArgs extends IntentIdArgs {
  @Field({ nullable: true, description: 'Minor units; omitted: everything authorised' })
  @IsOptional()
  @Matches(AMOUNT, AMOUNT_RULE)
  amount?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(KEY, KEY_RULE)
  idempotencyKey?: string;
}

@ArgsType()
export class RefundArgs extends IntentIdArgs {
  @Field({ nullable: true, description: 'Minor units; omitted: everything still refundable' })
  @IsOptional()
  @Matches(AMOUNT, AMOUNT_RULE)
  amount?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(KEY, KEY_RULE)
  idempotencyKey?: string;
}

@ArgsType()
export class ThreeDSArgs extends IntentIdArgs {
  @Field({ description: 'Whether the payer passed the challenge (the simulator’s stand-in for the issuer page)' })
  @IsBoolean()
  passed!: boolean;
}

@ArgsType()
export class SourceIdArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@ArgsType()
export class PinArgs {
  @Field()
  @Matches(/^\d{4,6}$/, { message: 'A PIN is 4 to 6 digits' })
  pin!: string;
}

@ArgsType()
export class ChangePinArgs {
  @Field()
  @IsString()
  @MaxLength(6)
  currentPin!: string;

  @Field()
  @Matches(/^\d{4,6}$/, { message: 'A PIN is 4 to 6 digits' })
  newPin!: string;
}

@ArgsType()
export class ResetPinArgs {
  @Field({ description: 'The sign-in code sent by requestPaymentPinReset' })
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits that were sent' })
  code!: string;

  @Field()
  @Matches(/^\d{4,6}$/, { message: 'A PIN is 4 to 6 digits' })
  newPin!: string;
}

@ArgsType()
export class CurrencyArgs {
  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code such as MYR' })
  currency!: string;
}

@ArgsType()
export class BusinessCurrencyArgs extends CurrencyArgs {
  @Field(() => ID)
  @IsUUID()
  businessId!: string;
}

@ArgsType()
export class BusinessArgs {
  @Field(() => ID)
  @IsUUID()
  businessId!: string;
}

@ArgsType()
export class MerchantTransactionsArgs extends BusinessCurrencyArgs {
  @Field(() => Int, { defaultValue: 50 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field(() => ID, { nullable: true, description: 'The last id of the previous page' })
  @IsOptional()
  @IsUUID()
  before?: string;
}

@InputType()
export class TopUpWalletInput {
  @Field(() => ID, { description: 'A card or linked wallet' })
  @IsUUID()
  fundingSourceId!: string;

  @Field()
  @Matches(AMOUNT, AMOUNT_RULE)
  amount!: string;

  @Field()
  @Matches(CURRENCY, { message: 'currency is an ISO-4217 code such as MYR' })
  currency!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(6)
  pin?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(KEY, KEY_RULE)
  idempotencyKey?: string;
}

@ArgsType()
export class SetPayoutAccountArgs extends BusinessArgs {
  @Field(() => SetPayoutAccountInput)
  @ValidateNested()
  @Type(() => SetPayoutAccountInput)
  input!: SetPayoutAccountInput;
}

@ArgsType()
export class ConfirmArgs extends IntentIdArgs {
  @Field(() => ConfirmPaymentIntentInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConfirmPaymentIntentInput)
  input?: ConfirmPaymentIntentInput;
}
