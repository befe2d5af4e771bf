import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from './business-access.service';
import { BusinessMember } from './entities/business-member.entity';
import { AlreadyMemberError, LastOwnerError } from './errors';
import { mayChangeRole, type Role } from './permissions';

/**
 * Members and their roles. Every change that could touch ownership runs under a lock on the
 * business row, so "at least one owner" holds even when two owners demote each other at once.
 */
@Injectable()
export class MemberService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
  ) {}

  /** Everyone in the business, oldest first; visible to members (and the business's own keys) only. */
  async list(ctx: RequestContext, businessId: string): Promise<BusinessMember[]> {
    await this.access.requireMember(ctx, businessId);
    return this.em.find(BusinessMember, { businessId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** The signed-in person's memberships, oldest first. */
  async myBusinesses(ctx: RequestContext): Promise<BusinessMember[]> {
    const personId = ctx.requirePerson();
    return this.em.find(BusinessMember, { personId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /**
   * Makes a person a member with `role`, for callers that add people directly rather than by
   * invitation (the platform's administrators staffing Kedai Support act as system code). Adding
   * someone who already holds that role returns their membership; another role is ALREADY_MEMBER.
   */
  async add(ctx: RequestContext, businessId: string, personId: string, role: Role): Promise<BusinessMember> {
    await this.access.require(ctx, businessId, 'members:manage');
    const member = await this.underLock(businessId, async (tx) => {
      const actorRole = await this.actorRole(tx, ctx, businessId);
      if (!mayChangeRole(actorRole, role, role)) throw new ForbiddenError(`An ${actorRole} cannot add an ${role}`);
      const existing = await tx.findOne(BusinessMember, { businessId, personId });
      if (existing && existing.role !== role) throw new AlreadyMemberError();
      if (existing) return existing;
      const added = new BusinessMember(businessId, personId, role);
      tx.persist(added);
      return added;
    });
    this.access.forget(ctx, businessId);
    return member;
  }

  /** Gives a member another role; needs members:manage and authority over both the old and the new role. */
  async changeRole(ctx: RequestContext, businessId: string, personId: string, role: Role): Promise<BusinessMember> {
    await this.access.require(ctx, businessId, 'members:manage');
    const member = await this.underLock(businessId, async (tx) => {
      const { actorRole, target } = await this.actorAndTarget(tx, ctx, businessId, personId);
      if (!mayChangeRole(actorRole, target.role, role))
        throw new ForbiddenError(`An ${actorRole} cannot make an ${target.role} ${role}`);
      if (target.role === 'owner' && role !== 'owner') await assertAnotherOwner(tx, businessId);
      target.role = role;
      return target;
    });
    this.access.forget(ctx, businessId);
    return member;
  }

  /** Removes a member; an admin cannot remove an owner, and nobody can remove the last one. */
  async remove(ctx: RequestContext, businessId: string, personId: string): Promise<void> {
    await this.access.require(ctx, businessId, 'members:manage');
    await this.underLock(businessId, async (tx) => {
      const { actorRole, target } = await this.actorAndTarget(tx, ctx, businessId, personId);
      if (!mayChangeRole(actorRole, target.role, null))
        throw new ForbiddenError(`An ${actorRole} cannot remove an ${target.role}`);
      if (target.role === 'owner') await assertAnotherOwner(tx, businessId);
      tx.remove(target);
    });
    this.access.forget(ctx, businessId);
  }

  /** The caller leaves a business; the last owner must hand ownership over first. */
  async leave(ctx: RequestContext, businessId: string): Promise<void> {
    const personId = ctx.requirePerson();
    await this.access.requireMember(ctx, businessId);
    await this.underLock(businessId, async (tx) => {
      const me = await tx.findOne(BusinessMember, { businessId, personId });
      if (!me) return; // left already (a retry, or a parallel request): leaving is idempotent
      if (me.role === 'owner') await assertAnotherOwner(tx, businessId);
      tx.remove(me);
    });
    this.access.forget(ctx, businessId);
  }

  /** Runs `fn` in a transaction that holds the business's membership lock (its row, FOR NO KEY UPDATE). */
  private underLock<T>(businessId: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    // A fresh fork: roles are read inside the lock, never from a request's identity map.
    return this.em.fork().transactional(async (tx) => {
      const [locked] = await tx.execute('select id from business where id = ? for no key update', [businessId]);
      if (!locked) throw new NotFoundError('Business');
      return fn(tx);
    });
  }

  /**
   * The role the caller manages members with, read inside the lock (a cached role could be a
   * demoted owner's), and the member they act on. An API key with members:manage acts as an
   * admin: it may manage staff but never owners. Trusted system code acts as an owner.
   */
  private async actorAndTarget(tx: EntityManager, ctx: RequestContext, businessId: string, personId: string) {
    const actorRole = await this.actorRole(tx, ctx, businessId);
    const target = await tx.findOne(BusinessMember, { businessId, personId });
    if (!target) throw new NotFoundError('Member');
    return { actorRole, target };
  }

  private async actorRole(tx: EntityManager, ctx: RequestContext, businessId: string): Promise<Role> {
    const { actor } = ctx;
    let actorRole: Role | null = null;
    if (actor.kind === 'system') actorRole = 'owner';
    else if (actor.kind === 'business' && actor.businessId === businessId) actorRole = 'admin';
    else if (actor.kind === 'person')
      actorRole = (await tx.findOne(BusinessMember, { businessId, personId: actor.personId }))?.role ?? null;
    if (!actorRole) throw new ForbiddenError();
    return actorRole;
  }
}

async function assertAnotherOwner(tx: EntityManager, businessId: string): Promise<void> {
  const owners = await tx.count(BusinessMember, { businessId, role: 'owner' });
  if (owners <= 1) throw new LastOwnerError();
}
