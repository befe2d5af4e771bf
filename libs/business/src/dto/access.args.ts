import { ArgsType, Field } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { BusinessPermissionEnum, BusinessRoleEnum, InvitableRoleEnum } from '../models/enums';
import { INVITABLE_ROLES, PERMISSIONS, ROLES, type InvitableRole, type Permission, type Role } from '../permissions';
import { BusinessIdArgs, MemberArgs } from './id.args';

@ArgsType()
export class ChangeMemberRoleArgs extends MemberArgs {
  @Field(() => BusinessRoleEnum)
  @IsIn(ROLES)
  role!: Role;
}

@ArgsType()
export class InviteMemberArgs extends BusinessIdArgs {
  @Field({ description: 'The invitee’s phone; numbers without +<country code> are read in the business’s country' })
  @IsString()
  @MaxLength(32)
  phone!: string;

  @Field(() => InvitableRoleEnum)
  @IsIn(INVITABLE_ROLES)
  role!: InvitableRole;
}

@ArgsType()
export class CreateApiKeyArgs extends BusinessIdArgs {
  @Field({ description: 'What the key is for, e.g. "order bot"' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @Field(() => [BusinessPermissionEnum])
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PERMISSIONS.length)
  @IsIn(PERMISSIONS, { each: true })
  scopes!: Permission[];
}
