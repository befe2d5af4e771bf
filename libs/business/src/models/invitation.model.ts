import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { BusinessInvitation } from '../entities/business-invitation.entity';
import { InvitableRoleEnum, InvitationStatusEnum } from './enums';

@ObjectType('BusinessInvitation', { description: 'An invitation to join a business, addressed to a phone number' })
export class BusinessInvitationModel {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  businessId!: string;

  @Field({ description: 'E.164' })
  phone!: string;

  @Field(() => InvitableRoleEnum)
  role!: string;

  @Field(() => InvitationStatusEnum)
  status!: string;

  /** Person who sent it; null when the business's own integration or trusted code did. */
  invitedBy!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => Date, { nullable: true })
  acceptedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static from(i: BusinessInvitation): BusinessInvitationModel {
    return Object.assign(new BusinessInvitationModel(), {
      id: i.id,
      businessId: i.businessId,
      phone: i.phone,
      role: i.role,
      status: i.status(),
      invitedBy: i.invitedBy,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      acceptedAt: i.acceptedAt,
      revokedAt: i.revokedAt,
    });
  }
}
