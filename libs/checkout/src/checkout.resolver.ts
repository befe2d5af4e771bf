import { Args, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Ctx, type RequestContext } from '@kedai/core';
import { PaymentIntentModel } from '@kedai/payments';
import { CartService } from './cart.service';
import {
  BusinessArgs,
  CartPutArgs,
  CartRemoveArgs,
  MyOrdersArgs,
  OrderIdArgs,
  OrdersArgs,
  PayOrderArgs,
  SendOrderArgs,
  TransitionArgs,
} from './dto/checkout.args';
import { CartModel, OrderChangeModel, OrderLineModel, OrderModel, OrderTransitionModel } from './models/checkout.models';
import type { OrderChange } from './order-events';
import { OrderPayments } from './order-payments';
import { OrderService } from './order.service';

/** The shopper's cart and orders, and the merchant's order desk. */
@Resolver(() => OrderModel)
export class CheckoutResolver {
  constructor(
    private readonly carts: CartService,
    private readonly desk: OrderService,
    private readonly payments: OrderPayments,
  ) {}

  @Query(() => CartModel, { description: 'The caller’s cart with a business, priced now' })
  async cart(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessArgs): Promise<CartModel> {
    return CartModel.from(await this.carts.read(ctx, businessId));
  }

  @Mutation(() => CartModel, { description: 'Adds units of a variant to the cart with its business' })
  async addToCart(@Ctx() ctx: RequestContext, @Args() { variantId, quantity }: CartPutArgs): Promise<CartModel> {
    return CartModel.from(await this.carts.put(ctx, variantId, quantity, false));
  }

  @Mutation(() => CartModel, { description: 'Sets how many of a variant the cart holds' })
  async setCartQuantity(@Ctx() ctx: RequestContext, @Args() { variantId, quantity }: CartPutArgs): Promise<CartModel> {
    return CartModel.from(await this.carts.put(ctx, variantId, quantity, true));
  }

  @Mutation(() => CartModel)
  async removeFromCart(@Ctx() ctx: RequestContext, @Args() { businessId, variantId }: CartRemoveArgs): Promise<CartModel> {
    return CartModel.from(await this.carts.remove(ctx, businessId, variantId));
  }

  @Mutation(() => CartModel)
  async clearCart(@Ctx() ctx: RequestContext, @Args() { businessId }: BusinessArgs): Promise<CartModel> {
    await this.carts.clear(ctx, businessId);
    return CartModel.from(await this.carts.read(ctx, businessId));
  }

  @Mutation(() => OrderModel, { description: 'Sends the cart as an order message in the chat with the business' })
  async sendOrder(@Ctx() ctx: RequestContext, @Args() { businessId, ...input }: SendOrderArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.send(ctx, businessId, input));
  }

  @Mutation(() => OrderModel, { description: 'The shopper cancels an order not paid yet' })
  async cancelOrder(@Ctx() ctx: RequestContext, @Args() { orderId }: OrderIdArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.cancelByShopper(ctx, orderId));
  }

  @Mutation(() => OrderModel, { description: 'The shopper goes ahead at the new prices the bot asked about' })
  async acceptOrderPrices(@Ctx() ctx: RequestContext, @Args() { orderId }: OrderIdArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.acceptNewPrices(ctx, orderId));
  }

  @Mutation(() => PaymentIntentModel, {
    description: 'Pays the order’s payment request: a funding source (or the default), the PIN if set',
  })
  async payOrder(@Ctx() ctx: RequestContext, @Args() { orderId, ...input }: PayOrderArgs): Promise<PaymentIntentModel> {
    return PaymentIntentModel.from(await this.payments.pay(ctx, orderId, input));
  }

  @Query(() => [OrderModel], { description: 'The caller’s own orders, newest first' })
  async myOrders(@Ctx() ctx: RequestContext, @Args() { businessId, first }: MyOrdersArgs): Promise<OrderModel[]> {
    return (await this.desk.mine(ctx, businessId ?? null, first)).map((o) => OrderModel.from(o));
  }

  @Query(() => OrderModel, { description: 'An order: its shopper, or the business (ORDERS_READ)' })
  async order(@Ctx() ctx: RequestContext, @Args() { orderId }: OrderIdArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.get(ctx, orderId));
  }

  @Query(() => [OrderModel], { description: 'A business’s orders, newest first (ORDERS_READ)' })
  async orders(@Ctx() ctx: RequestContext, @Args() a: OrdersArgs): Promise<OrderModel[]> {
    const found = await this.desk.list(
      ctx,
      a.businessId,
      { status: a.status, from: a.from, to: a.to, personId: a.customerId },
      a.first,
      a.before,
    );
    return found.map((o) => OrderModel.from(o));
  }

  @Query(() => String, { description: 'A business’s orders as CSV, one row per line (ORDERS_READ)' })
  async exportOrders(@Ctx() ctx: RequestContext, @Args() a: OrdersArgs): Promise<string> {
    return this.desk.export(ctx, a.businessId, { status: a.status, from: a.from, to: a.to, personId: a.customerId });
  }

  @Mutation(() => OrderModel, { description: 'The shop accepts an order it reviews before payment (ORDERS_MANAGE)' })
  async acceptOrder(@Ctx() ctx: RequestContext, @Args() { orderId }: OrderIdArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.accept(ctx, orderId));
  }

  @Mutation(() => OrderModel, {
    description: 'Moves an order along (ORDERS_MANAGE); INVALID_TRANSITION for a move its state does not allow',
  })
  async transitionOrder(@Ctx() ctx: RequestContext, @Args() { orderId, to, note }: TransitionArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.transition(ctx, orderId, to, note));
  }

  @Mutation(() => OrderModel, { description: 'Puts an order the bot gave up on back in line (ORDERS_MANAGE)' })
  async retryOrder(@Ctx() ctx: RequestContext, @Args() { orderId }: OrderIdArgs): Promise<OrderModel> {
    return OrderModel.from(await this.desk.retry(ctx, orderId));
  }

  @Subscription(() => OrderChangeModel, {
    resolve: (change: OrderChange) => change,
    description: 'Every change to the business’s orders as it commits, for the orders board (ORDERS_READ)',
  })
  async orderChanged(
    @Ctx() ctx: RequestContext,
    @Args() { businessId }: BusinessArgs,
  ): Promise<AsyncIterableIterator<OrderChange>> {
    return this.desk.changes(ctx, businessId);
  }

  @ResolveField(() => PaymentIntentModel, {
    nullable: true,
    description: 'The payment that paid it, while one has (refundPayment gives money back)',
  })
  async payment(@Ctx() ctx: RequestContext, @Parent() o: OrderModel): Promise<PaymentIntentModel | null> {
    const paid = await this.desk.payment(ctx, o.id);
    return paid && PaymentIntentModel.from(paid);
  }

  @ResolveField(() => [OrderLineModel])
  async lines(@Ctx() ctx: RequestContext, @Parent() o: OrderModel): Promise<OrderLineModel[]> {
    return (await this.desk.lines(ctx, o.id)).map((l) => OrderLineModel.from(l, o.total.currency));
  }

  @ResolveField(() => [OrderTransitionModel])
  async transitions(@Ctx() ctx: RequestContext, @Parent() o: OrderModel): Promise<OrderTransitionModel[]> {
    return (await this.desk.transitions(ctx, o.id)).map((t) => OrderTransitionModel.from(t));
  }
}
