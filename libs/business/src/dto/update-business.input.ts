import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { assertCountry, assertLogoUrl, assertTimezone } from '../business-rules';
import { OpeningHoursInput } from './opening-hours.input';
import { IsOpeningHours, Satisfies } from './validators';

// Left out: unchanged. For logoUrl, contactPhone and openingHours, null clears the value; for the
// rest null is refused (a business always has a name, a country, a time zone).
const given = ValidateIf((_o, value) => value !== undefined);

/** Handle and currency are not here: links, payment references and every price depend on them. */
@InputType()
export class UpdateBusinessInput {
  @Field({ nullable: true })
  @given
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @MinLength(1, { message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true })
  @given
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field({ nullable: true })
  @given
  @IsString()
  @MaxLength(100)
  category?: string;

  @Field({ nullable: true })
  @given
  @Satisfies(assertCountry, 'country must be an ISO-3166 alpha-2 code such as MY')
  country?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Satisfies(assertLogoUrl, 'logoUrl must be an https URL of at most 2048 characters')
  logoUrl?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  contactPhone?: string | null;

  @Field(() => OpeningHoursInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => OpeningHoursInput)
  @IsOpeningHours()
  openingHours?: OpeningHoursInput | null;

  @Field({ nullable: true })
  @given
  @Satisfies(assertTimezone, 'timezone must be an IANA time zone such as Asia/Kuala_Lumpur')
  timezone?: string;
  @Field({ nullable: true, description: 'Show its products in search across businesses (off by default)' })
  @given
  @IsBoolean({ message: 'listedInSearch must be true or false' })
  listedInSearch?: boolean;
}

@ArgsType()
export class UpdateBusinessArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field(() => UpdateBusinessInput)
  @ValidateNested()
  @Type(() => UpdateBusinessInput)
  input!: UpdateBusinessInput;
}
