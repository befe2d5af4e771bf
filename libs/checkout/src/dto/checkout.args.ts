import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
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
  ValidateNested,
} from 'class-validator';
import { LANGUAGES, type Language } from '../entities/settings.entity';
import { ORDER_STATUS_ENUM } from '../models/checkout.models';
import { ORDER_STATUSES, type OrderStatus } from '../order-states';
import { MINOR_UNITS, MINOR_UNITS_OR_ZERO } from '@kedai/core';

@ArgsType()
export class BusinessArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;
}

@ArgsType()
export class CartPutArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'variantId must be an id' })
  variantId!: string;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1, { message: 'quantity must be 1 to 999' })
  @Max(999, { message: 'quantity must be 1 to 999' })
  quantity: number = 1;
}

@ArgsType()
export class CartRemoveArgs extends BusinessArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'variantId must be an id' })
  variantId!: string;
}

@ArgsType()
export class SendOrderArgs extends BusinessArgs {
  @Field({ description: 'Chosen by the client for this order: sending again with it returns the same order' })
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  discountCode?: string;

  @Field(() => ID, { nullable: true, description: 'Left out: the shop’s first option' })
  @IsOptional()
  @IsUUID('all')
  shippingOptionId?: string;
}

@ArgsType()
export class OrderIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'orderId must be an id' })
  orderId!: string;
}

@ArgsType()
export class TransitionArgs extends OrderIdArgs {
  @Field(() => ORDER_STATUS_ENUM)
  @IsIn(ORDER_STATUSES)
  to!: OrderStatus;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(1000)
  note: string = '';
}

@ArgsType()
export class PayOrderArgs extends OrderIdArgs {
  @Field(() => ID, { nullable: true, description: 'Left out: the default funding source' })
  @IsOptional()
  @IsUUID('all')
  fundingSourceId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^\d{4,6}$/, { message: 'pin is 4 to 6 digits' })
  pin?: string;

  @Field()
  @IsString()
  @MinLength(8)
  @MaxLength(100)
  idempotencyKey!: string;
}

@ArgsType()
export class OrdersArgs extends BusinessArgs {
  @Field(() => ORDER_STATUS_ENUM, { nullable: true })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @Field(() => ID, { nullable: true, description: 'The customer (person id)' })
  @IsOptional()
  @IsUUID('all')
  customerId?: string;

  @Field(() => Int, { defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field({ nullable: true, description: 'Orders created before this (the last one of the previous page)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  before?: Date;
}

@ArgsType()
export class MyOrdersArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all')
  businessId?: string;

  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;
}

@ArgsType()
export class SettingsArgs extends BusinessArgs {
  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  autoAccept?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  taxRateBp?: number;

  @Field(() => String, { nullable: true, description: 'en or ms' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(86_400)
  paymentWindowS?: number;
}

@InputType()
export class ShippingOptionInput {
  @Field({ description: 'PICKUP or FLAT' })
  @IsIn(['PICKUP', 'FLAT'])
  kind!: 'PICKUP' | 'FLAT';

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  name!: string;

  @Field({ defaultValue: '0', description: 'Minor units (FLAT only)' })
  @Matches(MINOR_UNITS_OR_ZERO, { message: 'fee must be whole minor units' })
  fee: string = '0';

  @Field({ nullable: true, description: 'Free from this subtotal up (minor units)' })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: 'freeOver must be whole minor units above zero' })
  freeOver?: string;
}

@ArgsType()
export class ShippingOptionsArgs extends BusinessArgs {
  @Field(() => [ShippingOptionInput])
  @ValidateNested({ each: true })
  @Type(() => ShippingOptionInput)
  @ArrayMaxSize(10)
  options!: ShippingOptionInput[];
}

@ArgsType()
export class DiscountCodeArgs extends BusinessArgs {
  @Field()
  @Matches(/^[A-Za-z0-9_-]{3,32}$/, { message: 'code is 3 to 32 letters, digits, - or _' })
  code!: string;

  @Field({ description: 'PERCENT or FIXED' })
  @IsIn(['PERCENT', 'FIXED'])
  kind!: 'PERCENT' | 'FIXED';

  @Field({ description: 'Basis points for PERCENT (1000 = 10%), minor units for FIXED' })
  @Matches(MINOR_UNITS, { message: 'value must be a whole number above zero' })
  value!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(MINOR_UNITS_OR_ZERO)
  minSubtotal?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  maxUses?: number;

  @Field({ nullable: true })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  expiresAt?: Date;
}

@ArgsType()
export class DiscountCodeIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}
