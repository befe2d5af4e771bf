import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, newId, NotFoundError, type RequestContext } from '@kedai/core';
import { normalisePhone, PersonService } from '@kedai/identity';
import type { CountryCode } from 'libphonenumber-js';
import { BusinessAccessService } from './business-access.service';
import { Business } from './entities/business.entity';
import { BusinessInvitation } from './entities/business-invitation.entity';
import { BusinessMember } from './entities/business-member.entity';
import { AlreadyMemberError, InvitationExpiredError, InvitationRevokedError, InvitationUsedError } from './errors';
import { INVITABLE_ROLES, mayChangeRole, type InvitableRole } from './permissions';

/** How long an invitation stays open. Inviting the same phone again restarts the clock. */
export const INVITATION_TTL_DAYS = 7;

/**
 * Invitations to join a business, addressed to a phone number. The invitee accepts once signed
 * in with that number; acceptance is idempotent, so a retried or duplicated request (or twenty at
 * once) leaves exactly one membership.
 */
@Injectable()
export class InvitationService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
    private readonly people: PersonService,
  ) {}

  /** Invites a phone number as admin or agent (members:manage). Throws INVALID_PHONE, ALREADY_MEMBER. */
  async invite(ctx: RequestContext, businessId: string, rawPhone: string, role: InvitableRole): Promise<BusinessInvitation> {
    await this.access.require(ctx, businessId, 'members:manage');
    if (!(INVITABLE_ROLES as readonly string[]).includes(role)) {
      throw new InvalidInputError([{ field: 'role', messages: ['an invitation is for an admin or an agent'] }]);
    }
    const actorRole = ctx.isSystem
      ? 'owner'
      : ctx.actor.kind === 'business'
        ? 'admin'
        : await this.access.roleOf(ctx, businessId);
    if (!actorRole || !mayChangeRole(actorRole, role, role)) throw new ForbiddenError();
    const business = await this.em.findOne(Business, { id: businessId });
    if (!business) throw new NotFoundError('Business');
    const phone = normalisePhone(rawPhone, business.country as CountryCode);
    const personId = await this.people.idByPhone(ctx, phone);
    if (personId && (await this.em.count(BusinessMember, { businessId, personId })) > 0) throw new AlreadyMemberError();

    // One statement, so two managers inviting the same phone at once still leave one open invitation.
    const [row] = await this.em.execute<{ id: string }[]>(
      `insert into business_invitation (id, business_id, phone, role, invited_by, expires_at)
       values (?, ?, ?, ?, ?, now() + make_interval(days => ?))
       on conflict (business_id, phone) where accepted_at is null and revoked_at is null
       do update set role = excluded.role, invited_by = excluded.invited_by, expires_at = excluded.expires_at
       returning id`,
      [newId(), businessId, phone, role, ctx.actor.kind === 'person' ? ctx.actor.personId : null, INVITATION_TTL_DAYS],
    );
    return this.em.findOneOrFail(BusinessInvitation, { id: row.id }, { refresh: true });
  }

  /** The signed-in person's open invitations, matched by the phone they signed in with. */
  async mine(ctx: RequestContext): Promise<BusinessInvitation[]> {
    const phone = await this.people.phoneOf(ctx, ctx.requirePerson());
    return this.em.find(BusinessInvitation, { phone, ...open() }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** A business's open invitations, for the people who manage its members. */
  async pending(ctx: RequestContext, businessId: string): Promise<BusinessInvitation[]> {
    await this.access.require(ctx, businessId, 'members:manage');
    return this.em.find(BusinessInvitation, { businessId, ...open() }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  }

  /** Accepts an invitation addressed to the caller's phone; returns the membership it made (or made before). */
  async accept(ctx: RequestContext, invitationId: string): Promise<BusinessMember> {
    const personId = ctx.requirePerson();
    const phone = await this.people.phoneOf(ctx, personId);
    const member = await this.em.fork().transactional(async (tx) => {
      // The row lock serialises parallel accepts: the first adds the member, the rest find it done.
      const invitation = await tx.findOne(BusinessInvitation, { id: invitationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!invitation) throw new NotFoundError('Invitation');
      if (invitation.phone !== phone) throw new ForbiddenError('This invitation is for someone else');
      const { businessId } = invitation;
      const status = invitation.status();
      if (status === 'accepted') {
        const existing = await tx.findOne(BusinessMember, { businessId, personId });
        if (invitation.acceptedBy === personId && existing) return existing;
        throw new InvitationUsedError();
      }
      if (status === 'revoked') throw new InvitationRevokedError();
      if (status === 'expired') throw new InvitationExpiredError();
      invitation.acceptedAt = new Date();
      invitation.acceptedBy = personId;
      // Already a member through another invitation: they keep the role they have.
      await tx.execute(
        `insert into business_member (id, business_id, person_id, role) values (?, ?, ?, ?)
         on conflict (business_id, person_id) do nothing`,
        [newId(), businessId, personId, invitation.role],
      );
      return tx.findOneOrFail(BusinessMember, { businessId, personId });
    });
    this.access.forget(ctx, member.businessId);
    return member;
  }

  /** Withdraws an open invitation (members:manage); revoking twice is harmless, an accepted one cannot be. */
  async revoke(ctx: RequestContext, invitationId: string): Promise<BusinessInvitation> {
    const invitation = await this.em.findOne(BusinessInvitation, { id: invitationId }, { refresh: true });
    if (!invitation) throw new NotFoundError('Invitation');
    await this.access.require(ctx, invitation.businessId, 'members:manage');
    await this.em.nativeUpdate(
      BusinessInvitation,
      { id: invitationId, acceptedAt: null, revokedAt: null },
      { revokedAt: new Date() },
    );
    const now = await this.em.findOneOrFail(BusinessInvitation, { id: invitationId }, { refresh: true });
    if (now.acceptedAt) throw new InvitationUsedError();
    return now;
  }
}

const open = () => ({ acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } });
