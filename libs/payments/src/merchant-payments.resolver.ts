import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { BusinessArgs, BusinessCurrencyArgs, MerchantTransactionsArgs, SetPayoutAccountArgs } from './dto/payments.inputs';
import { MerchantLedgerService } from './merchant-ledger.service';
import {
  MerchantBalanceModel,
  MerchantTransactionModel,
  PayoutAccountModel,
  ReconciliationModel,
} from './models/payments.models';
import { PayoutAccountService } from './payout-account.service';

/** The merchant's side: payout account (business:edit), balance, statement and reconciliation (orders:read). */
@Resolver()
export class MerchantPaymentsResolver {
  constructor(
    private readonly payouts: PayoutAccountService,
    private readonly ledger: MerchantLedgerService,
  ) {}

  @Query(() => PayoutAccountModel, { nullable: true })
  async payoutAccount(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessArgs): Promise<PayoutAccountModel | null> {
    const account = await this.payouts.get(ctx, businessId);
    return account ? PayoutAccountModel.from(account) : null;
  }

  @Mutation(() => PayoutAccountModel, { description: 'Where the business is paid; needed before it can take payments' })
  async setPayoutAccount(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, input }: SetPayoutAccountArgs,
  ): Promise<PayoutAccountModel> {
    return PayoutAccountModel.from(await this.payouts.set(ctx, businessId, input));
  }

  @Query(() => MerchantBalanceModel)
  async merchantBalance(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, currency }: BusinessCurrencyArgs,
  ): Promise<MerchantBalanceModel> {
    return MerchantBalanceModel.from(await this.ledger.balance(ctx, businessId, currency));
  }

  @Query(() => [MerchantTransactionModel])
  async merchantTransactions(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, currency, first, before }: MerchantTransactionsArgs,
  ): Promise<MerchantTransactionModel[]> {
    return (await this.ledger.transactions(ctx, businessId, currency, first, before)).map(MerchantTransactionModel.from);
  }

  @Query(() => ReconciliationModel)
  async paymentsReconciliation(
    @Ctx() ctx: RequestContext,
    @Args() { businessId, currency }: BusinessCurrencyArgs,
  ): Promise<ReconciliationModel> {
    return ReconciliationModel.from(await this.ledger.reconciliation(ctx, businessId, currency));
  }
}
