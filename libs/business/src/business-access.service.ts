import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, UnauthenticatedError, type RequestContext, isUuid } from '@kedai/core';
import { BusinessMember } from './entities/business-member.entity';
import { roleGrants, type Permission, type Role } from './permissions';

/**
 * The one answer to "may this caller do that in this business?", for every domain.
 *
 * A caller with no relation to a business gets FORBIDDEN, the same as a member whose role falls
 * short, never NOT_FOUND: businesses are public (anyone can look one up by handle), so hiding
 * their existence would protect nothing, and one answer for every refusal means a client cannot
 * probe ids either way. Anonymous callers get UNAUTHENTICATED, which tells them to sign in.
 */
@Injectable()
export class BusinessAccessService {
  constructor(private readonly em: EntityManager) {}

  /**
   * Refuses unless the caller holds `permission` in the business: a person through their role, an
   * API key through its scopes (and only for its own business), trusted system code always.
   */
  async require(ctx: RequestContext, businessId: string, permission: Permission): Promise<void> {
    if (!(await this.can(ctx, businessId, permission))) throw refusal(ctx);
  }

  /** Refuses unless the caller belongs to the business at all: any member, or the business's own key. */
  async requireMember(ctx: RequestContext, businessId: string): Promise<void> {
    const { actor } = ctx;
    const allowed =
      actor.kind === 'system' ||
      (actor.kind === 'business' && actor.businessId === businessId) ||
      (actor.kind === 'person' && (await this.roleOf(ctx, businessId)) !== null);
    if (!allowed) throw refusal(ctx);
  }

  async can(ctx: RequestContext, businessId: string, permission: Permission): Promise<boolean> {
    const { actor } = ctx;
    switch (actor.kind) {
      case 'system':
        return true;
      case 'business':
        return actor.businessId === businessId && actor.scopes.includes(permission);
      case 'person': {
        const role = await this.roleOf(ctx, businessId);
        return role !== null && roleGrants(role, permission);
      }
      default:
        return false;
    }
  }

  /** The signed-in person's role in a business, or null; looked up once per request and business. */
  async roleOf(ctx: RequestContext, businessId: string): Promise<Role | null> {
    if (ctx.actor.kind !== 'person' || !isUuid(businessId)) return null;
    return this.roleLoader(ctx, ctx.actor.personId).load(businessId.toLowerCase());
  }

  /** Drops the cached role after the caller's own membership changed, so later checks in the request see it. */
  forget(ctx: RequestContext, businessId: string): void {
    if (ctx.actor.kind === 'person') this.roleLoader(ctx, ctx.actor.personId).clear(businessId.toLowerCase());
  }

  // One loader per request (the context's person never changes), so a page of N businesses costs one query.
  private roleLoader(ctx: RequestContext, personId: string) {
    return ctx.loaders.get<string, Role | null>('business.role', async (ids) => {
      // Outside the identity map: a role must never come from an entity loaded earlier in the request.
      const rows = await this.em.find(
        BusinessMember,
        { personId, businessId: { $in: [...ids] } },
        { fields: ['businessId', 'role'], disableIdentityMap: true },
      );
      const roles = new Map(rows.map((m) => [m.businessId, m.role]));
      return ids.map((id) => roles.get(id) ?? null);
    });
  }
}

function refusal(ctx: RequestContext): Error {
  return ctx.actor.kind === 'anonymous' ? new UnauthenticatedError() : new ForbiddenError();
}
