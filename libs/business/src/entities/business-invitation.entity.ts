import { Check, Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { newId } from '@kedai/core/database/ids';
import { Person } from '@kedai/identity/entities/person.entity';
import type { InvitableRole } from '../permissions';
import { Business } from './business.entity';

/**
 * An invitation to join a business, addressed to a phone number (E.164) so that people who have
 * not signed up yet can be invited. Pending while neither accepted nor revoked and not expired.
 */
@Entity({ tableName: 'business_invitation' })
// One open invitation per phone and business: inviting again refreshes it instead of piling up rows.
@Unique({
  name: 'business_invitation_pending_key',
  properties: ['businessId', 'phone'],
  where: 'accepted_at is null and revoked_at is null',
})
@Index({ name: 'business_invitation_phone_idx', properties: ['phone'] })
@Check({ name: 'business_invitation_phone_check', expression: "phone ~ '^\\+[1-9][0-9]{6,14}$'" })
@Check({ name: 'business_invitation_role_check', expression: "role = any (array['admin'::text, 'agent'::text])" })
@Check({ name: 'business_invitation_expiry_check', expression: 'expires_at > created_at' })
@Check({ name: 'business_invitation_outcome_check', expression: 'accepted_at is null or revoked_at is null' })
@Check({ name: 'business_invitation_accepted_by_check', expression: '(accepted_at is null) = (accepted_by is null)' })
export class BusinessInvitation {
  @PrimaryKey({ type: 'uuid' })
  readonly id: string = newId();

  @ManyToOne(() => Business, { mapToPk: true, joinColumn: 'business_id', deleteRule: 'cascade', updateRule: 'no action' })
  readonly businessId: string;

  @Property({ type: 'text' })
  readonly phone: string;

  @Property({ type: 'text' })
  role: InvitableRole;

  /** Null when the business's own integration (an API key) or trusted code sent it, or the inviter has since been deleted. */
  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'invited_by',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  invitedBy: string | null;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  readonly createdAt: Date = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  acceptedAt: Date | null = null;

  @ManyToOne(() => Person, {
    mapToPk: true,
    joinColumn: 'accepted_by',
    nullable: true,
    deleteRule: 'set null',
    updateRule: 'no action',
  })
  acceptedBy: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null = null;

  constructor(businessId: string, phone: string, role: InvitableRole, invitedBy: string | null, expiresAt: Date) {
    this.businessId = businessId;
    this.phone = phone;
    this.role = role;
    this.invitedBy = invitedBy;
    this.expiresAt = expiresAt;
  }

  status(now = new Date()): 'pending' | 'accepted' | 'revoked' | 'expired' {
    if (this.acceptedAt) return 'accepted';
    if (this.revokedAt) return 'revoked';
    return this.expiresAt <= now ? 'expired' : 'pending';
  }
}
