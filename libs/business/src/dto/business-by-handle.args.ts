import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { HANDLE_PATTERN, normaliseHandle } from '../business-rules';

@ArgsType()
export class BusinessByHandleArgs {
  @Field()
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseHandle(value) : value))
  @Matches(HANDLE_PATTERN, { message: 'handle must be 3–30 letters, digits, dots or underscores' })
  handle!: string;
}
