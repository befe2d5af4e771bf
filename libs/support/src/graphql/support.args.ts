import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { LANGUAGES } from '../nlp/intents';

@ArgsType()
export class BusinessIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  businessId!: string;
}

@ArgsType()
export class SupportQueueArgs extends BusinessIdArgs {
  @Field({ defaultValue: true, description: 'Also list conversations an agent has claimed' })
  @IsBoolean()
  includeClaimed!: boolean;
}

@ArgsType()
export class HandoffIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  handoffId!: string;
}

@ArgsType()
export class SupportNoteArgs extends HandoffIdArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  body!: string;
}

@ArgsType()
export class SupportFiguresArgs extends BusinessIdArgs {
  @Field(() => Date, { nullable: true, description: 'Default: 30 days ago' })
  @IsOptional()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Default: now' })
  @IsOptional()
  to?: Date | null;
}

@ArgsType()
export class SupportPreviewArgs extends BusinessIdArgs {
  @Field()
  @IsString()
  @MaxLength(4096)
  text!: string;

  @Field(() => String, { nullable: true, description: 'Leave out to detect it, as the bot does' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: string | null;
}

@ArgsType()
export class SetSupportBotArgs extends BusinessIdArgs {
  @Field()
  @IsBoolean()
  enabled!: boolean;
}

@InputType()
export class SupportFaqInput {
  @Field({ description: 'en, ms, id, de, es, fr, it or pt' })
  @IsIn(LANGUAGES)
  language!: string;

  @Field(() => [String], { description: 'Ways people ask it (1–30)' })
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(300, { each: true })
  questions!: string[];

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  answer!: string;

  @Field(() => [String], { defaultValue: [], description: 'Words that pick this entry outright (case-insensitive, whole words)' })
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(50, { each: true })
  keywords!: string[];
}

@ArgsType()
export class AddSupportFaqArgs extends BusinessIdArgs {
  @Field(() => SupportFaqInput)
  @ValidateNested()
  @Type(() => SupportFaqInput)
  entry!: SupportFaqInput;
}

@ArgsType()
export class UpdateSupportFaqArgs {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;

  @Field(() => SupportFaqInput)
  @ValidateNested()
  @Type(() => SupportFaqInput)
  entry!: SupportFaqInput;
}

@ArgsType()
export class FaqIdArgs {
  @Field(() => ID)
  @IsUUID('all')
  id!: string;
}
