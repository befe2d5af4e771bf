import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, MoneyModel, type RequestContext } from '@kedai/core';
import { money } from '@kedai/core';
import { AddCardInput, CurrencyArgs, LinkWalletInput, SourceIdArgs, TopUpWalletInput } from './dto/payments.inputs';
import { EligibilityService } from './eligibility.service';
import { FundingSourceService } from './funding-source.service';
import { EligibilityModel, FundingSourceModel } from './models/payments.models';
import { WalletService } from './wallet.service';

/** The payer's own funding sources, Kedai wallet and eligibility. */
@Resolver()
export class WalletResolver {
  constructor(
    private readonly sources: FundingSourceService,
    private readonly wallets: WalletService,
    private readonly eligibility: EligibilityService,
  ) {}

  @Query(() => [FundingSourceModel], { description: 'Your cards and wallets, masked' })
  async myFundingSources(@Ctx() ctx: RequestContext): Promise<FundingSourceModel[]> {
    return (await this.sources.list(ctx)).map(FundingSourceModel.from);
  }

  @Mutation(() => FundingSourceModel, {
    description: 'Adds a Visa or Mastercard; the number and CVC go to the payment provider only',
  })
  async addCard(@Ctx() ctx: RequestContext, @Args('input') input: AddCardInput): Promise<FundingSourceModel> {
    const { makeDefault, ...card } = input;
    return FundingSourceModel.from(await this.sources.addCard(ctx, card, makeDefault));
  }

  @Mutation(() => FundingSourceModel, { description: 'Links an external wallet through the payment provider' })
  async linkWallet(@Ctx() ctx: RequestContext, @Args('input') input: LinkWalletInput): Promise<FundingSourceModel> {
    return FundingSourceModel.from(await this.sources.linkWallet(ctx, input.email, input.makeDefault));
  }

  @Mutation(() => FundingSourceModel)
  async setDefaultFundingSource(@Ctx() ctx: RequestContext, @Args() { id }: SourceIdArgs): Promise<FundingSourceModel> {
    return FundingSourceModel.from(await this.sources.setDefault(ctx, id));
  }

  @Mutation(() => FundingSourceModel)
  async removeFundingSource(@Ctx() ctx: RequestContext, @Args() { id }: SourceIdArgs): Promise<FundingSourceModel> {
    return FundingSourceModel.from(await this.sources.remove(ctx, id));
  }

  @Mutation(() => FundingSourceModel, {
    description: 'Your Kedai wallet in a currency (created on first use), as a funding source',
  })
  async enableKedaiWallet(@Ctx() ctx: RequestContext, @Args() { currency }: CurrencyArgs): Promise<FundingSourceModel> {
    return FundingSourceModel.from(await this.sources.kedaiWallet(ctx, currency));
  }

  @Query(() => MoneyModel, { description: 'Your Kedai wallet balance' })
  async kedaiWalletBalance(@Ctx() ctx: RequestContext, @Args() { currency }: CurrencyArgs): Promise<MoneyModel> {
    return MoneyModel.of(await this.wallets.balance(ctx, currency));
  }

  @Mutation(() => MoneyModel, {
    description: 'Moves money from a card or linked wallet into your Kedai wallet; answers the new balance',
  })
  async topUpKedaiWallet(@Ctx() ctx: RequestContext, @Args('input') input: TopUpWalletInput): Promise<MoneyModel> {
    const b = await this.wallets.topUp(ctx, { ...input, amountMinor: BigInt(input.amount) });
    return MoneyModel.of(money(b.amount, b.currency));
  }

  @Query(() => EligibilityModel, { description: 'Whether you may pay, and why not' })
  async paymentEligibility(@Ctx() ctx: RequestContext): Promise<EligibilityModel> {
    const reason = await this.eligibility.payerProblem(ctx);
    return Object.assign(new EligibilityModel(), { eligible: reason === null, reason });
  }
}
