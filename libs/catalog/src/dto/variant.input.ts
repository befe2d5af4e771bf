import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { CreateVariantInput } from './create-product.input';
import { MINOR_UNITS } from '@kedai/core';

@InputType()
export class UpdateVariantInput {
  @Field({ nullable: true, description: 'Minor units as a string; only for variants with options' })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: 'price must be a whole number of minor units above zero, as a string' })
  price?: string;

  @Field(() => Int, { nullable: true, description: 'Units in stock; null stops tracking stock; left out, unchanged' })
  @ValidateIf((_o, v) => v !== null && v !== undefined)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number | null;
}

@ArgsType()
export class AddVariantArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'productId must be an id' })
  productId!: string;

  @Field(() => CreateVariantInput)
  @ValidateNested()
  @Type(() => CreateVariantInput)
  input!: CreateVariantInput;
}

@ArgsType()
export class UpdateVariantArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;

  @Field(() => UpdateVariantInput)
  @ValidateNested()
  @Type(() => UpdateVariantInput)
  input!: UpdateVariantInput;
}
