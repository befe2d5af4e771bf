import { Field, ObjectType } from '@nestjs/graphql';
import { MemberProfileModel, ROLE_ENUM, type Role } from '@kedai/business';
import type { SupportStaffMember } from './support-staff.service';

@ObjectType('SupportStaffMember', { description: 'A person who works Kedai Support’s queue' })
export class SupportStaffMemberModel {
  @Field(() => MemberProfileModel) person!: MemberProfileModel;
  @Field(() => ROLE_ENUM) role!: Role;
  @Field({ description: 'When they joined Kedai Support’s staff' }) since!: Date;

  static from(m: SupportStaffMember): SupportStaffMemberModel {
    return Object.assign(new SupportStaffMemberModel(), m);
  }
}
