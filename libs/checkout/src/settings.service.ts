import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ConflictError, InvalidInputError, NotFoundError, type RequestContext } from '@kedai/core';
import { BusinessAccessService } from '@kedai/business';
import {
  CheckoutSettings,
  DiscountCode,
  ShippingOption,
  type DiscountKind,
  type Language,
  type ShippingKind,
} from './entities/settings.entity';

export interface SettingsChanges {
  autoAccept?: boolean;
  taxRateBp?: number;
  language?: Language;
  paymentWindowS?: number;
}

/** A business's checkout settings, shipping options and discount codes. Reading needs orders:read; changing, business:edit. */
@Injectable()
export class CheckoutSettingsService {
  constructor(
    private readonly em: EntityManager,
    private readonly access: BusinessAccessService,
  ) {}

  async get(ctx: RequestContext, businessId: string): Promise<CheckoutSettings> {
    await this.access.require(ctx, businessId, 'orders:read');
    return (await this.em.findOne(CheckoutSettings, { businessId })) ?? new CheckoutSettings(businessId);
  }

  async update(ctx: RequestContext, businessId: string, changes: SettingsChanges): Promise<CheckoutSettings> {
    await this.access.require(ctx, businessId, 'business:edit');
    let settings = await this.em.findOne(CheckoutSettings, { businessId });
    if (!settings) {
      settings = new CheckoutSettings(businessId);
      this.em.persist(settings);
    }
    Object.assign(settings, Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)));
    await this.em.flush();
    return settings;
  }

  /** Public: shoppers choose among them at checkout. */
  async shippingOptions(businessId: string): Promise<ShippingOption[]> {
    return this.em.find(ShippingOption, { businessId }, { orderBy: { position: 'asc' } });
  }

  /** Replaces the business's shipping options with these, in order (orders keep theirs: the key is nulled, the fee stays on the order). */
  async setShippingOptions(
    ctx: RequestContext,
    businessId: string,
    options: { kind: ShippingKind; name: string; feeMinor?: bigint; freeOverMinor?: bigint | null }[],
  ): Promise<ShippingOption[]> {
    await this.access.require(ctx, businessId, 'business:edit');
    return this.em.transactional(async (tx) => {
      await tx.nativeDelete(ShippingOption, { businessId });
      const made = options.map((o, position) => new ShippingOption({ ...o, businessId, position }));
      made.forEach((o) => tx.persist(o));
      await tx.flush();
      return made;
    });
  }

  async createDiscountCode(
    ctx: RequestContext,
    businessId: string,
    input: {
      code: string;
      kind: DiscountKind;
      value: bigint;
      minSubtotalMinor?: bigint;
      maxUses?: number | null;
      expiresAt?: Date | null;
    },
  ): Promise<DiscountCode> {
    await this.access.require(ctx, businessId, 'business:edit');
    if (input.kind === 'percent' && input.value > 10_000n)
      throw new InvalidInputError([{ field: 'value', messages: ['a percentage is at most 10000 basis points (100%)'] }]);
    const code = new DiscountCode({ businessId, code: input.code.trim().toUpperCase(), kind: input.kind, value: input.value });
    code.minSubtotalMinor = input.minSubtotalMinor ?? 0n;
    code.maxUses = input.maxUses ?? null;
    code.expiresAt = input.expiresAt ?? null;
    try {
      await this.em.persist(code).flush();
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException)
        throw new ConflictError('DISCOUNT_CODE_TAKEN', `The code ${code.code} already exists`);
      throw e;
    }
    return code;
  }

  async deactivateDiscountCode(ctx: RequestContext, id: string): Promise<DiscountCode> {
    const code = await this.em.findOne(DiscountCode, { id });
    await this.access.require(ctx, code?.businessId ?? id, 'business:edit');
    if (!code) throw new NotFoundError('Discount code');
    code.active = false;
    await this.em.flush();
    return code;
  }

  async discountCodes(ctx: RequestContext, businessId: string): Promise<DiscountCode[]> {
    await this.access.require(ctx, businessId, 'orders:read');
    return this.em.find(DiscountCode, { businessId }, { orderBy: { createdAt: 'desc' } });
  }
}
