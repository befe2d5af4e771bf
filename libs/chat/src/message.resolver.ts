import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { DELIVERY_STATE_ENUM, MessageModel, ReceiptModel, type DeliveryState } from './models/chat.models';
import { ReceiptService } from './receipt.service';
import type { MessageView } from './message-view';

@Resolver(() => MessageModel)
export class MessageResolver {
  constructor(private readonly receiptService: ReceiptService) {}

  @ResolveField(() => [ReceiptModel], { description: 'Each recipient’s state: sent, delivered, read (or failed)' })
  async receipts(@Ctx() ctx: RequestContext, @Parent() m: MessageModel): Promise<ReceiptModel[]> {
    return this.receiptService.receipts(ctx, view(m));
  }

  @ResolveField(() => DELIVERY_STATE_ENUM, { description: 'The least advanced recipient’s state' })
  async status(@Ctx() ctx: RequestContext, @Parent() m: MessageModel): Promise<DeliveryState> {
    return this.receiptService.status(ctx, view(m));
  }
}

const view = (m: MessageModel): MessageView => ({
  ...m,
  payload: {},
  createdAt: m.createdAt.toISOString(),
  deletedAt: m.deletedAt?.toISOString() ?? null,
});
