import { ArgsType, Field } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { HANDLE_PATTERN, HANDLE_RULE, normaliseHandle } from '../business-rules';

@ArgsType()
export class BusinessByHandleArgs {
  @Field()
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? normaliseHandle(value) : value))
  @Matches(HANDLE_PATTERN, { message: HANDLE_RULE })
  handle!: string;
}
