import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { HANDLE_PATTERN, HANDLE_RULE, normaliseHandle } from '@kedai/core/handles';
import { IsCalendarDate } from '@kedai/core/validation/is-calendar-date';
import { IsISO31661Alpha2, IsOptional, IsString, IsUrl, IsUUID, Length, Matches, MaxLength } from 'class-validator';

@ArgsType()
export class RequestSignInCodeArgs {
  @Field({ description: 'International format, e.g. +60123456789' })
  @IsString()
  @MaxLength(32)
  phone!: string;
}

@ArgsType()
export class VerifySignInCodeArgs {
  @Field()
  @IsString()
  @MaxLength(32)
  phone!: string;

  @Field()
  @Matches(/^\d{6}$/, { message: 'code must be the 6 digits that were sent' })
  code!: string;
}

@ArgsType()
export class RefreshSessionArgs {
  @Field()
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}

@ArgsType()
export class RevokeSessionArgs {
  @Field(() => ID)
  @IsUUID()
  id!: string;
}

@InputType()
export class UpdateProfileInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? normaliseHandle(value) : value))
  @Matches(HANDLE_PATTERN, { message: HANDLE_RULE })
  handle?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string;

  @Field({ nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @IsCalendarDate({ min: '1900-01-01', max: 'today' })
  dateOfBirth?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  avatarUrl?: string;
}
