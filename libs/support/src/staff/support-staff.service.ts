import { Injectable } from '@nestjs/common';
import { NotFoundError, RequestContext } from '@kedai/core';
import { MemberService, type Role } from '@kedai/business';
import { normalisePhone, PersonService, PlatformAdminService, type PublicProfile } from '@kedai/identity';
import { KEDAI_SUPPORT_BUSINESS_ID } from '../kedai-support';

export interface SupportStaffMember {
  person: PublicProfile;
  role: Role;
  since: Date;
}

/**
 * Kedai Support's staff: the people who work its queue are members of the Kedai Support business
 * (role agent), so the queue, claims, notes and figures need nothing new. Only a platform
 * administrator adds or removes them; the membership change itself runs as system code, because
 * no person is an owner of the platform's own account.
 */
@Injectable()
export class SupportStaffService {
  constructor(
    private readonly platform: PlatformAdminService,
    private readonly people: PersonService,
    private readonly members: MemberService,
  ) {}

  async list(ctx: RequestContext): Promise<SupportStaffMember[]> {
    await this.platform.require(ctx);
    const rows = await this.members.list(asPlatform(ctx), KEDAI_SUPPORT_BUSINESS_ID);
    const profiles = await this.people.profiles(
      ctx,
      rows.map((m) => m.personId),
    );
    return rows.flatMap((m, i) => (profiles[i] ? [{ person: profiles[i], role: m.role, since: m.createdAt }] : []));
  }

  /**
   * Makes the person with this phone a Kedai Support agent. They must have signed in to Kedai once
   * (PERSON_NOT_FOUND otherwise): an administrator staffs people, never bare numbers. Granting twice
   * changes nothing.
   */
  async grantAgent(ctx: RequestContext, rawPhone: string): Promise<SupportStaffMember> {
    await this.platform.require(ctx);
    const personId = await this.people.idByPhone(ctx, normalisePhone(rawPhone));
    if (!personId) throw new NotFoundError('A Kedai account with this phone', 'PERSON_NOT_FOUND');
    const member = await this.members.add(asPlatform(ctx), KEDAI_SUPPORT_BUSINESS_ID, personId, 'agent');
    const [person] = await this.people.profiles(ctx, [personId]);
    return { person: person!, role: member.role, since: member.createdAt };
  }

  /** Takes the person off Kedai Support's staff (NOT_FOUND when they were not on it). */
  async revoke(ctx: RequestContext, personId: string): Promise<void> {
    await this.platform.require(ctx);
    await this.members.remove(asPlatform(ctx), KEDAI_SUPPORT_BUSINESS_ID, personId);
  }
}

/** The administrator's request, carried on as system code (same request id, for the logs). */
const asPlatform = (ctx: RequestContext) => RequestContext.system(`platform-admin:${ctx.requirePerson()}`, ctx.requestId);
