import { Field, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import {
  assertCountry,
  assertCurrency,
  assertLogoUrl,
  assertTimezone,
  HANDLE_PATTERN,
  HANDLE_RULE,
  normaliseHandle,
} from '../business-rules';
import { OpeningHoursInput } from './opening-hours.input';
import { IsOpeningHours, Satisfies } from './validators';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateBusinessInput {
  @Field({ description: '3–30 lower-case letters, digits, dots or underscores; part of the business’s links' })
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseHandle(value) : value))
  @Matches(HANDLE_PATTERN, { message: HANDLE_RULE })
  handle!: string;

  @Field()
  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @Field({ description: 'ISO-4217, e.g. MYR; fixed once the business exists' })
  @Satisfies(assertCurrency, 'currency must be an ISO-4217 code such as MYR')
  currency!: string;

  @Field({ description: 'ISO-3166 alpha-2, e.g. MY' })
  @Satisfies(assertCountry, 'country must be an ISO-3166 alpha-2 code such as MY')
  country!: string;

  @Field({ nullable: true })
  @IsOptional()
  @Satisfies(assertLogoUrl, 'logoUrl must be an https URL of at most 2048 characters')
  logoUrl?: string;

  @Field({ nullable: true, description: 'Any common format; numbers without +<country code> are read in the business’s country' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  contactPhone?: string;

  @Field(() => OpeningHoursInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpeningHoursInput)
  @IsOpeningHours()
  openingHours?: OpeningHoursInput;

  @Field({ nullable: true, description: 'IANA time zone, e.g. Asia/Kuala_Lumpur; UTC when left out' })
  @IsOptional()
  @Satisfies(assertTimezone, 'timezone must be an IANA time zone such as Asia/Kuala_Lumpur')
  timezone?: string;
  @Field({ nullable: true, description: 'Show its products in search across businesses (off by default)' })
  @IsOptional()
  @IsBoolean({ message: 'listedInSearch must be true or false' })
  listedInSearch?: boolean;
}
