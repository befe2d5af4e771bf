import { Injectable } from '@nestjs/common';

/** A module that answers a business's shoppers itself, at any hour (the support bot, when it is on). */
export interface ShopperAnswerer {
  answersFor(businessId: string): Promise<boolean>;
}

/**
 * Who else answers shoppers. The closed-hours reply steps aside for a business whose bot answers:
 * the bot says when the team is back itself, and two "we are closed" messages for one question
 * read as a broken shop. Checkout cannot import support (support builds on checkout), so support
 * registers here instead.
 */
@Injectable()
export class ShopperAnswerers {
  private readonly answerers: ShopperAnswerer[] = [];

  register(answerer: ShopperAnswerer): void {
    this.answerers.push(answerer);
  }

  async anyAnswers(businessId: string): Promise<boolean> {
    for (const answerer of this.answerers) if (await answerer.answersFor(businessId)) return true;
    return false;
  }
}
