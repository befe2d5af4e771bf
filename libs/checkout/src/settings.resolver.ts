import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, Public, type RequestContext } from '@kedai/core';
import { BusinessArgs, DiscountCodeArgs, DiscountCodeIdArgs, SettingsArgs, ShippingOptionsArgs } from './dto/checkout.args';
import { CheckoutSettingsModel, DiscountCodeModel, ShippingOptionModel } from './models/checkout.models';
import { CheckoutSettingsService } from './settings.service';

/** How a business takes orders: acceptance, tax, language, payment window, shipping, discount codes. */
@Resolver(() => CheckoutSettingsModel)
export class CheckoutSettingsResolver {
  constructor(private readonly settings: CheckoutSettingsService) {}

  @Query(() => CheckoutSettingsModel, { description: 'ORDERS_READ' })
  async checkoutSettings(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessArgs): Promise<CheckoutSettingsModel> {
    return CheckoutSettingsModel.from(await this.settings.get(ctx, businessId));
  }

  @Mutation(() => CheckoutSettingsModel, { description: 'BUSINESS_EDIT' })
  async updateCheckoutSettings(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, ...changes }: SettingsArgs,
  ): Promise<CheckoutSettingsModel> {
    return CheckoutSettingsModel.from(await this.settings.update(ctx, businessId, changes));
  }

  @Public()
  @Query(() => [ShippingOptionModel], { description: 'How a shop delivers, for shoppers to choose at checkout' })
  async shippingOptions(@Args() { businessId }: BusinessArgs): Promise<ShippingOptionModel[]> {
    return (await this.settings.shippingOptions(businessId)).map((o) => ShippingOptionModel.from(o));
  }

  @Mutation(() => [ShippingOptionModel], { description: 'Replaces the shop’s shipping options, in order (BUSINESS_EDIT)' })
  async setShippingOptions(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, options }: ShippingOptionsArgs,
  ): Promise<ShippingOptionModel[]> {
    const made = await this.settings.setShippingOptions(
      ctx,
      businessId,
      options.map((o) => ({
        kind: o.kind === 'PICKUP' ? 'pickup' : 'flat',
        name: o.name,
        feeMinor: BigInt(o.fee),
        freeOverMinor: o.freeOver ? BigInt(o.freeOver) : null,
      })),
    );
    return made.map((o) => ShippingOptionModel.from(o));
  }

  @Query(() => [DiscountCodeModel], { description: 'ORDERS_READ' })
  async discountCodes(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessArgs): Promise<DiscountCodeModel[]> {
    return (await this.settings.discountCodes(ctx, businessId)).map((d) => DiscountCodeModel.from(d));
  }

  @Mutation(() => DiscountCodeModel, { description: 'BUSINESS_EDIT' })
  async createDiscountCode(@Ctx() ctx: RequestContext, @Args() a: DiscountCodeArgs): Promise<DiscountCodeModel> {
    const code = await this.settings.createDiscountCode(ctx, a.businessId, {
      code: a.code,
      kind: a.kind === 'PERCENT' ? 'percent' : 'fixed',
      value: BigInt(a.value),
      minSubtotalMinor: a.minSubtotal ? BigInt(a.minSubtotal) : 0n,
      maxUses: a.maxUses ?? null,
      expiresAt: a.expiresAt ?? null,
    });
    return DiscountCodeModel.from(code);
  }

  @Mutation(() => DiscountCodeModel, { description: 'BUSINESS_EDIT' })
  async deactivateDiscountCode(@Ctx() ctx: RequestContext, @Args() { id }: DiscountCodeIdArgs): Promise<DiscountCodeModel> {
    return DiscountCodeModel.from(await this.settings.deactivateDiscountCode(ctx, id));
  }
}
