import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';

// Ids are checked at the edge, so a malformed one is BAD_USER_INPUT rather than a database error.

@ArgsType()
export class BusinessIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'businessId must be an id' })
  businessId!: string;
}

@ArgsType()
export class IdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'id must be an id' })
  id!: string;
}

@ArgsType()
export class MemberArgs extends BusinessIdArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be an id' })
  personId!: string;
}
