import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { CaptureArgs, ConfirmArgs, CreatePaymentIntentInput, IntentIdArgs, RefundArgs, ThreeDSArgs } from './dto/payments.inputs';
import { PaymentIntentModel } from './models/payments.models';
import { PaymentsService } from './payments.service';
import { RefundService } from './refund.service';

@Resolver(() => PaymentIntentModel)
export class PaymentIntentResolver {
  constructor(
    private readonly payments: PaymentsService,
    private readonly refunds: RefundService,
  ) {}

  @Query(() => PaymentIntentModel, { description: 'A payment: its payer, or the payee business’s members (orders:read)' })
  async paymentIntent(@Ctx() ctx: RequestContext, @Args() { id }: IntentIdArgs): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(await this.payments.getIntent(ctx, id));
  }

  @Mutation(() => PaymentIntentModel)
  async createPaymentIntent(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreatePaymentIntentInput,
  ): Promise<PaymentIntentModel> {
    const { confirm, pin, ...rest } = input;
    const params = { ...rest, amountMinor: BigInt(rest.amount) };
    return PaymentIntentModel.from(
      confirm ? await this.payments.createAndConfirm(ctx, params, pin) : await this.payments.createIntent(ctx, params),
    );
  }

  @Mutation(() => PaymentIntentModel, { description: 'Pays with the chosen (or default) source; the PIN once one is set' })
  async confirmPaymentIntent(@Ctx() ctx: RequestContext, @Args() { id, input }: ConfirmArgs): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(await this.payments.confirm(ctx, id, input ?? {}));
  }

  @Mutation(() => PaymentIntentModel)
  async completeThreeDSChallenge(@Ctx() ctx: RequestContext, @Args() { id, passed }: ThreeDSArgs): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(await this.payments.completeThreeDS(ctx, id, passed));
  }

  @Mutation(() => PaymentIntentModel, { description: 'The merchant collects an authorised payment (orders:refund)' })
  async capturePaymentIntent(
    @Ctx() ctx: RequestContext,
    @Args() { id, amount, idempotencyKey }: CaptureArgs,
  ): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(
      await this.payments.capture(ctx, id, amount === undefined ? undefined : BigInt(amount), idempotencyKey),
    );
  }

  @Mutation(() => PaymentIntentModel)
  async cancelPaymentIntent(@Ctx() ctx: RequestContext, @Args() { id }: IntentIdArgs): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(await this.payments.cancel(ctx, id));
  }

  @Mutation(() => PaymentIntentModel, { description: 'Refunds all or part of a payment (orders:refund on the payee business)' })
  async refundPayment(
    @Ctx() ctx: RequestContext,
    @Args() { id, amount, reason, idempotencyKey }: RefundArgs,
  ): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(
      await this.refunds.refund(ctx, id, {
        amountMinor: amount === undefined ? undefined : BigInt(amount),
        reason,
        idempotencyKey,
      }),
    );
  }
}
