import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { ChangePinArgs, PinArgs, ResetPinArgs } from './dto/payments.inputs';
import { PinResetCodeSentModel, PinStatusModel } from './models/payments.models';
import { PinService } from './pin.service';

@Resolver()
export class PinResolver {
  constructor(private readonly pins: PinService) {}

  @Query(() => PinStatusModel)
  async paymentPinStatus(@Ctx() ctx: RequestContext): Promise<PinStatusModel> {
    return PinStatusModel.from(await this.pins.status(ctx));
  }

  @Mutation(() => PinStatusModel, { description: 'Sets a 4–6 digit payment PIN; every payment asks for it from then on' })
  async setPaymentPin(@Ctx() ctx: RequestContext, @Args() { pin }: PinArgs): Promise<PinStatusModel> {
    return PinStatusModel.from(await this.pins.set(ctx, pin));
  }

  @Mutation(() => PinStatusModel)
  async changePaymentPin(@Ctx() ctx: RequestContext, @Args() { currentPin, newPin }: ChangePinArgs): Promise<PinStatusModel> {
    return PinStatusModel.from(await this.pins.change(ctx, currentPin, newPin));
  }

  @Mutation(() => PinResetCodeSentModel, { description: 'Sends a code to your phone, for resetPaymentPin' })
  async requestPaymentPinReset(@Ctx() ctx: RequestContext): Promise<PinResetCodeSentModel> {
    return Object.assign(new PinResetCodeSentModel(), { expiresAt: (await this.pins.requestReset(ctx)).expiresAt });
  }

  @Mutation(() => PinStatusModel, { description: 'Replaces a forgotten PIN with the code sent to your phone; lifts a lock' })
  async resetPaymentPin(@Ctx() ctx: RequestContext, @Args() { code, newPin }: ResetPinArgs): Promise<PinStatusModel> {
    return PinStatusModel.from(await this.pins.reset(ctx, code, newPin));
  }
}
