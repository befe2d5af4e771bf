import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { AVAILABILITIES, type Availability } from '../entities/product.entity';
import { MINOR_UNITS } from '@kedai/core';

export const AVAILABILITY_ENUM: Record<string, Availability> = Object.fromEntries(
  AVAILABILITIES.map((a) => [a.toUpperCase(), a]),
);
registerEnumType(AVAILABILITY_ENUM, { name: 'ProductAvailability' });

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
// Minor units travel as decimal strings (GraphQL Int is 32-bit); checked here, converted to bigint by the service.
const MINOR_MESSAGE = 'must be a whole number of minor units above zero, as a string such as "1250"';

@InputType()
export class VariantOptionInput {
  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(100)
  value!: string;
}

@InputType()
export class CreateVariantInput {
  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'sku must not be empty' })
  @MaxLength(100)
  sku!: string;

  @Field(() => [VariantOptionInput])
  @ValidateNested({ each: true })
  @Type(() => VariantOptionInput)
  @ArrayMinSize(1, { message: 'a variant has at least one option, such as size: L' })
  @ArrayMaxSize(5)
  options!: VariantOptionInput[];

  @Field({ nullable: true, description: 'Minor units; the product price when left out' })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: `price ${MINOR_MESSAGE}` })
  price?: string;

  @Field(() => Int, { nullable: true, description: 'Units in stock; null or left out when stock is not tracked' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number | null;
}

@InputType()
export class CreateProductInput {
  @Field({ description: 'The merchant’s SKU for the product, unique in the business' })
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'retailerId must not be empty' })
  @MaxLength(100)
  retailerId!: string;

  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @Field({ description: 'Minor units as a string, e.g. "1250" for MYR 12.50; at most 10^12' })
  @Matches(MINOR_UNITS, { message: `price ${MINOR_MESSAGE}` })
  price!: string;

  @Field({ nullable: true, description: 'Minor units, below price' })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: `salePrice ${MINOR_MESSAGE}` })
  salePrice?: string;

  @Field({ description: 'ISO-4217; must be the business’s currency' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code such as MYR' })
  currency!: string;

  @Field(() => AVAILABILITY_ENUM, { nullable: true })
  @IsOptional()
  @IsIn(AVAILABILITIES)
  availability?: Availability;

  @Field(() => Int, { nullable: true, description: 'Units in stock of the default variant (products without variants)' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  stock?: number | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Media ids of uploaded photos (POST /media), in order; shoppers see a product once it has one',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'photos must be media ids' })
  photos?: string[];

  @Field(() => [CreateVariantInput], {
    nullable: true,
    description: 'Left out: one default variant with the product’s SKU and price',
  })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => CreateVariantInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  variants?: CreateVariantInput[];
}

@ArgsType()
export class CreateProductArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field(() => CreateProductInput)
  @ValidateNested()
  @Type(() => CreateProductInput)
  input!: CreateProductInput;
}

@ArgsType()
export class SetProductPhotosArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;

  @Field(() => [ID], { description: 'Media ids, in order; the first is the cover. Replaces the photos it had' })
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true, message: 'photos must be media ids' })
  photos!: string[];
}
