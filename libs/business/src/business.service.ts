import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, NotFoundError, UnauthenticatedError, type RequestContext } from '@kedai/core';
import { InvalidPhoneError, normalisePhone } from '@kedai/identity';
import type { CountryCode } from 'libphonenumber-js';
import { BusinessAccessService } from './business-access.service';
import { HANDLE_PATTERN, normaliseHandle } from './business-rules';
import { Business, type BusinessChanges, type NewBusiness } from './entities/business.entity';
import { BusinessMember } from './entities/business-member.entity';
import { HandleTakenError } from './errors';

/** Business accounts: the public profile and its lifecycle. Members live in MemberService. */
@Injectable()
export class BusinessService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
  ) {}

  /** Public profile lookup: anyone may see a business by its handle. */
  async findByHandle(_ctx: RequestContext, handle: string): Promise<Business | null> {
    const h = normaliseHandle(handle);
    if (!HANDLE_PATTERN.test(h)) return null;
    return this.em.findOne(Business, { handle: h });
  }

  /** Public profiles by id, batched per request (null for an unknown id). */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<(Business | null)[]> {
    const loader = ctx.loaders.get<string, Business | null>('business.byId', async (keys) => {
      const rows = await this.em.find(Business, { id: { $in: [...keys] } });
      const byId = new Map(rows.map((b) => [b.id, b]));
      return keys.map((k) => byId.get(k) ?? null);
    });
    return loader.loadMany(ids) as Promise<(Business | null)[]>;
  }

  /**
   * Creates a business. A signed-in person becomes its owner, in the same transaction as the
   * business row, so there is never a business without an owner nor an owner of nothing. Trusted
   * code (seeds, tests, operators) may create one with `ownerId` or, for fixtures, without owner.
   */
  async create(ctx: RequestContext, input: NewBusiness, options: { ownerId?: string } = {}): Promise<Business> {
    const { actor } = ctx;
    if (actor.kind === 'anonymous') throw new UnauthenticatedError();
    if (actor.kind === 'business') throw new ForbiddenError('An API key cannot create businesses');
    const ownerId = actor.kind === 'person' ? actor.personId : options.ownerId;
    const business = build(() => new Business({ ...input, contactPhone: contactPhone(input.contactPhone, input.country) }));
    try {
      await this.em.transactional(async (tx) => {
        tx.persist(business);
        if (ownerId) tx.persist(new BusinessMember(business.id, ownerId, 'owner'));
        await tx.flush();
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new HandleTakenError(business.handle);
      throw e;
    }
    if (ownerId && actor.kind === 'person') this.access.forget(ctx, business.id);
    return business;
  }

  /** Changes the profile; needs business:edit. Handle and currency are fixed once created. */
  async update(ctx: RequestContext, businessId: string, changes: BusinessChanges): Promise<Business> {
    await this.access.require(ctx, businessId, 'business:edit');
    const business = await this.em.findOne(Business, { id: businessId }, { refresh: true });
    if (!business) throw new NotFoundError('Business');
    const phone = contactPhone(changes.contactPhone, changes.country ?? business.country);
    build(() => business.change({ ...changes, contactPhone: phone }));
    await this.em.flush();
    return business;
  }
}

/** Runs an entity's guarded constructor or method, turning its RangeError into BAD_USER_INPUT. */
function build<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof RangeError) throw new InvalidInputError([{ field: 'business', messages: [e.message] }]);
    throw e;
  }
}

/** People type phones many ways; the business's country reads numbers written without +<code>. */
function contactPhone(raw: string | null | undefined, country: string): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  try {
    return normalisePhone(raw, country.toUpperCase() as CountryCode);
  } catch (e) {
    if (e instanceof InvalidPhoneError) throw new InvalidInputError([{ field: 'contactPhone', messages: [e.message] }]);
    throw e;
  }
}
