import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidInputError, type RequestContext } from '@kedai/core';
import { HANDLE_PATTERN, normaliseHandle } from './business-rules';
import { Business, type NewBusiness } from './entities/business.entity';
import { HandleTakenError } from './errors';

@Injectable()
export class BusinessService {
  constructor(private readonly em: EntityManager) {}

  /** Public profile lookup: anyone may see a business by its handle. */
  async findByHandle(_ctx: RequestContext, handle: string): Promise<Business | null> {
    const h = normaliseHandle(handle);
    if (!HANDLE_PATTERN.test(h)) return null;
    return this.em.findOne(Business, { handle: h });
  }

  /**
   * Creates a business. Until people can sign in, only trusted code (seeds, operators) may;
   * identity opens this to signed-in people who become the owner.
   */
  async create(ctx: RequestContext, input: NewBusiness): Promise<Business> {
    if (!ctx.isSystem) throw new ForbiddenError();
    let business: Business;
    try {
      business = new Business(input);
    } catch (e) {
      throw new InvalidInputError([{ field: 'business', messages: [(e as Error).message] }]);
    }
    try {
      await this.em.persist(business).flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new HandleTakenError(business.handle);
      throw e;
    }
    return business;
  }
}
