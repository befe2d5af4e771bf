import { ArgsType, Field, ID, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
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
  ValidateNested,
} from 'class-validator';
import { SEARCH_SORTS, type SearchSort } from '../search.service';
import { MINOR_UNITS_OR_ZERO } from '@kedai/core';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 20 })
  @IsInt()
  @Min(1)
  @Max(100)
  first: number = 20;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  after?: string | null;
}

@ArgsType()
export class CatalogArgs extends PageArgs {
  @Field()
  @IsString()
  @MaxLength(64)
  handle!: string;

  @Field(() => ID, { nullable: true, description: 'Only this collection’s products, in its order' })
  @IsOptional()
  @IsUUID('all', { message: 'collectionId must be an id' })
  collectionId?: string | null;
}

@ArgsType()
export class HandleArgs {
  @Field()
  @IsString()
  @MaxLength(64)
  handle!: string;
}

export const SEARCH_SORT_ENUM: Record<string, SearchSort> = Object.fromEntries(SEARCH_SORTS.map((s) => [s.toUpperCase(), s]));
registerEnumType(SEARCH_SORT_ENUM, { name: 'ProductSearchSort' });

@InputType()
export class ProductSearchFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'collectionId must be an id' })
  collectionId?: string | null;

  @Field({ nullable: true, description: 'Lowest shown price, minor units as a string, inclusive' })
  @IsOptional()
  @Matches(MINOR_UNITS_OR_ZERO, { message: 'minPrice must be a whole number of minor units, as a string' })
  minPrice?: string;

  @Field({ nullable: true, description: 'Highest shown price, minor units as a string, inclusive' })
  @IsOptional()
  @Matches(MINOR_UNITS_OR_ZERO, { message: 'maxPrice must be a whole number of minor units, as a string' })
  maxPrice?: string;

  @Field({ nullable: true, description: 'Only this currency; needed for a price range across businesses' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO-4217 code such as MYR' })
  currency?: string;

  @Field({ nullable: true, description: 'Only products that can be bought now' })
  @IsOptional()
  @IsBoolean()
  inStock?: boolean;
}

@ArgsType()
export class SearchProductsArgs extends PageArgs {
  @Field({ description: 'Words to find; typos and half-typed words are fine' })
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(2, { message: 'query needs at least 2 characters' })
  @MaxLength(100)
  query!: string;

  @Field({ nullable: true, description: 'Search this business’s catalog; left out, every business listed in search' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  handle?: string;

  @Field(() => ProductSearchFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ProductSearchFilter)
  filter?: ProductSearchFilter;

  @Field(() => SEARCH_SORT_ENUM, { defaultValue: 'relevance' })
  @IsIn(SEARCH_SORTS)
  sort: SearchSort = 'relevance';
}
