import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { BusinessMember } from '../entities/business-member.entity';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../permissions';
import { BusinessPermissionEnum, BusinessRoleEnum } from './enums';

@ObjectType('MemberProfile', { description: 'The public face of a person, as other members see it' })
export class MemberProfileModel {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  handle!: string | null;

  @Field()
  displayName!: string;

  @Field(() => String, { nullable: true })
  avatarUrl!: string | null;
}

@ObjectType('BusinessMember', { description: 'A person’s role in a business; also what “my businesses” lists' })
export class BusinessMemberModel {
  @Field(() => ID)
  businessId!: string;

  @Field(() => ID)
  personId!: string;

  @Field(() => BusinessRoleEnum)
  role!: Role;

  @Field(() => [BusinessPermissionEnum], { description: 'What the role allows, from the role table' })
  permissions!: readonly Permission[];

  @Field()
  joinedAt!: Date;

  static from(m: BusinessMember): BusinessMemberModel {
    return Object.assign(new BusinessMemberModel(), {
      businessId: m.businessId,
      personId: m.personId,
      role: m.role,
      permissions: ROLE_PERMISSIONS[m.role],
      joinedAt: m.createdAt,
    });
  }
}
