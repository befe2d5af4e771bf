import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OnEvent, type RequestContext } from '@kedai/core';
import { BusinessService, hasOpeningHoursSql, isOpenAt } from '@kedai/business';
import { MessageService, shopperWrote } from '@kedai/chat';
import { CheckoutSettings } from './entities/settings.entity';
import { ShopperAnswerers } from './shopper-answerers';
import { textsFor } from './texts';

/**
 * The business's automatic reply outside its opening hours: at most once a day per conversation
 * (the day in the business's time zone is the reply's client message id, so a second message, or
 * the same event delivered twice, posts nothing new).
 */
@Injectable()
export class ClosedResponder {
  constructor(
    private readonly em: EntityManager,
    private readonly businesses: BusinessService,
    private readonly messages: MessageService,
    private readonly answerers: ShopperAnswerers,
  ) {}

  // Only a business with opening hours is ever closed: the others' messages add no job.
  @OnEvent(shopperWrote, 'closed-hours-reply', { when: hasOpeningHoursSql('e.business_id') })
  async reply(
    ctx: RequestContext,
    { conversationId, businessId }: { conversationId: string; businessId: string },
  ): Promise<void> {
    const [business] = await this.businesses.byIds(ctx, [businessId]);
    if (!business?.openingHours) return;
    const now = new Date();
    const { open, next } = isOpenAt(business.openingHours, business.timezone, now);
    if (open || (await this.answerers.anyAnswers(businessId))) return;
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: business.timezone }).format(now);
    const posted = await this.em.fork().transactional(async (tx) => {
      const language = (await tx.findOne(CheckoutSettings, { businessId }))?.language ?? 'en';
      return this.messages.post(
        tx,
        {
          conversationId,
          sender: { kind: 'bot', businessId },
          kind: 'text',
          payload: { body: textsFor(language).closedReply(next ?? '') },
          clientMessageId: `closed:${day}`,
        },
        { announcing: true },
      );
    });
    await this.messages.announce([posted]);
  }
}
