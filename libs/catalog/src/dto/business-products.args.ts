import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageArgs } from './catalog.args';

@ArgsType()
export class BusinessProductsArgs extends PageArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;

  @Field(() => String, { nullable: true, description: 'Only products whose name or SKU contains this (any case)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string | null;

  @Field({ defaultValue: false, description: 'true: only archived products; false: only the others' })
  @IsBoolean()
  archived: boolean = false;
}
