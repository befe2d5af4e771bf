import { applyDecorators } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, Matches, ValidateNested } from 'class-validator';
import { CLOSE_TIME, MAX_RANGES_PER_DAY, OPEN_TIME } from '../opening-hours';

@InputType()
export class TimeRangeInput {
  @Field({ description: 'HH:MM, 00:00 to 23:59' })
  @Matches(OPEN_TIME, { message: 'open must be a time from 00:00 to 23:59' })
  open!: string;

  @Field({ description: 'HH:MM, 00:01 to 24:00, after open' })
  @Matches(CLOSE_TIME, { message: 'close must be a time from 00:01 to 24:00' })
  close!: string;
}

const Day = () =>
  applyDecorators(
    IsOptional(),
    IsArray(),
    ArrayMaxSize(MAX_RANGES_PER_DAY),
    ValidateNested({ each: true }),
    Type(() => TimeRangeInput),
  );

@InputType({ description: 'Opening periods per weekday, in the business’s time zone; a day left out or empty is closed' })
export class OpeningHoursInput {
  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  monday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  tuesday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  wednesday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  thursday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  friday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  saturday?: TimeRangeInput[] | null;

  @Field(() => [TimeRangeInput], { nullable: true })
  @Day()
  sunday?: TimeRangeInput[] | null;
}
