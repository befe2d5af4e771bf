import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { AVAILABILITIES, type Availability } from '../entities/product.entity';
import { AVAILABILITY_ENUM } from './create-product.input';
import { MINOR_UNITS } from '@kedai/core';

@InputType()
export class UpdateProductInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @Field({ nullable: true, description: 'Minor units as a string' })
  @IsOptional()
  @Matches(MINOR_UNITS, { message: 'price must be a whole number of minor units above zero, as a string' })
  price?: string;

  @Field(() => String, { nullable: true, description: 'Minor units as a string; null removes the sale price' })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Matches(MINOR_UNITS, { message: 'salePrice must be a whole number of minor units above zero, as a string' })
  salePrice?: string | null;

  @Field(() => AVAILABILITY_ENUM, { nullable: true })
  @IsOptional()
  @IsIn(AVAILABILITIES)
  availability?: Availability;
}

@ArgsType()
export class UpdateProductArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;

  @Field(() => UpdateProductInput)
  @ValidateNested()
  @Type(() => UpdateProductInput)
  input!: UpdateProductInput;
}

@ArgsType()
export class ProductIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;
}
