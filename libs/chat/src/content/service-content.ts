import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MoneyModel } from '@kedai/core';

// The kinds other services post through ChatService.post (orders, payment requests, receipts,
// notices). Stored payloads carry money as { amount: minor units as a string, currency }; the
// GraphQL types show it as Money. The `Stored*` classes are the schemas checked on write.

/** An amount as stored payloads carry it. */
export function storedMoney(minor: bigint | string, currency: string): { amount: string; currency: string } {
  return { amount: minor.toString(), currency };
}

export class StoredMoney {
  @Matches(/^-?\d{1,15}$/, { message: 'amount must be whole minor units as a string' })
  amount!: string;

  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code' })
  currency!: string;
}

export class StoredOrderLine {
  @IsUUID('all')
  productId!: string;

  @IsUUID('all')
  variantId!: string;

  @IsString()
  @MinLength(1)
  sku!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsInt()
  @Min(1)
  quantity!: number;

  @ValidateNested()
  @Type(() => StoredMoney)
  unitPrice!: StoredMoney;
}

export class StoredOrder {
  @IsUUID('all')
  orderId!: string;

  @IsUUID('all')
  businessId!: string;

  @ValidateNested({ each: true })
  @Type(() => StoredOrderLine)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  items!: StoredOrderLine[];

  @ValidateNested()
  @Type(() => StoredMoney)
  subtotal!: StoredMoney;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class StoredOrderDetails {
  @IsUUID('all')
  orderId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(64)
  referenceId!: string;

  @ValidateNested({ each: true })
  @Type(() => StoredOrderLine)
  @ArrayMinSize(1)
  items!: StoredOrderLine[];

  @ValidateNested()
  @Type(() => StoredMoney)
  subtotal!: StoredMoney;

  @ValidateNested()
  @Type(() => StoredMoney)
  discount!: StoredMoney;

  @ValidateNested()
  @Type(() => StoredMoney)
  tax!: StoredMoney;

  @ValidateNested()
  @Type(() => StoredMoney)
  shipping!: StoredMoney;

  @ValidateNested()
  @Type(() => StoredMoney)
  total!: StoredMoney;

  @IsISO8601()
  expiresAt!: string;

  @IsString()
  @MinLength(1)
  status!: string;
}

export class StoredOrderStatus {
  @IsUUID('all')
  orderId!: string;

  @IsString()
  @MinLength(1)
  referenceId!: string;

  @IsString()
  @MinLength(1)
  status!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class StoredPayment {
  @IsUUID('all')
  paymentId!: string;

  @ValidateNested()
  @Type(() => StoredMoney)
  amount!: StoredMoney;

  @IsString()
  @MinLength(1)
  status!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class StoredPaymentRequest {
  @IsUUID('all')
  requestId!: string;

  @ValidateNested()
  @Type(() => StoredMoney)
  amount!: StoredMoney;

  @IsString()
  @MinLength(1)
  status!: string;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;

  @IsOptional()
  @IsISO8601()
  expiresAt?: string;
}

export class StoredSystem {
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  event!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  text!: string;
}

@ObjectType('OrderContentLine')
export class OrderLineContent {
  @Field(() => ID)
  productId!: string;

  @Field(() => ID)
  variantId!: string;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => MoneyModel)
  unitPrice!: MoneyModel;
}

@ObjectType('OrderContent', { description: 'A shopper’s order, as sent from the cart' })
export class OrderContent {
  @Field(() => ID)
  orderId!: string;

  @Field(() => ID)
  businessId!: string;

  @Field(() => [OrderLineContent])
  items!: OrderLineContent[];

  @Field(() => MoneyModel)
  subtotal!: MoneyModel;

  @Field({ nullable: true })
  note?: string;
}

@ObjectType('OrderDetailsContent', { description: 'A payment request for an order: lines, totals and an expiry' })
export class OrderDetailsContent {
  @Field(() => ID)
  orderId!: string;

  @Field()
  referenceId!: string;

  @Field(() => [OrderLineContent])
  items!: OrderLineContent[];

  @Field(() => MoneyModel)
  subtotal!: MoneyModel;

  @Field(() => MoneyModel)
  discount!: MoneyModel;

  @Field(() => MoneyModel)
  tax!: MoneyModel;

  @Field(() => MoneyModel)
  shipping!: MoneyModel;

  @Field(() => MoneyModel)
  total!: MoneyModel;

  @Field()
  expiresAt!: Date;

  @Field()
  status!: string;
}

@ObjectType('OrderStatusContent')
export class OrderStatusContent {
  @Field(() => ID)
  orderId!: string;

  @Field()
  referenceId!: string;

  @Field()
  status!: string;

  @Field({ nullable: true })
  note?: string;
}

@ObjectType('PaymentContent', { description: 'Money sent, or a receipt' })
export class PaymentContent {
  @Field(() => ID)
  paymentId!: string;

  @Field(() => MoneyModel)
  amount!: MoneyModel;

  @Field()
  status!: string;

  @Field({ nullable: true })
  note?: string;
}

@ObjectType('PaymentRequestContent', { description: 'Money asked for' })
export class PaymentRequestContent {
  @Field(() => ID)
  requestId!: string;

  @Field(() => MoneyModel)
  amount!: MoneyModel;

  @Field()
  status!: string;

  @Field({ nullable: true })
  note?: string;

  @Field({ nullable: true })
  expiresAt?: Date;
}

@ObjectType('SystemContent', { description: 'A notice: someone joined, left, the chat was handed over…' })
export class SystemContent {
  @Field()
  event!: string;

  @Field()
  text!: string;
}
