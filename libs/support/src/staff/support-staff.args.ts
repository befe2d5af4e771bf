import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID, MaxLength } from 'class-validator';

@ArgsType()
export class GrantSupportAgentArgs {
  @Field({ description: 'The phone the person signs in with, in the international format (+60123456789)' })
  @IsString()
  @MaxLength(32)
  phone!: string;
}

@ArgsType()
export class RevokeSupportAgentArgs {
  @Field(() => ID)
  @IsUUID('all')
  personId!: string;
}
