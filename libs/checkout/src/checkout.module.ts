import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { WorkerRuntimeModule } from '@kedai/core';
import { BusinessModule } from '@kedai/business';
import { CatalogModule } from '@kedai/catalog';
import { ChatModule } from '@kedai/chat';
import { PaymentsModule } from '@kedai/payments';
import { CartService } from './cart.service';
import { CheckoutResolver } from './checkout.resolver';
import { CHECKOUT_ENTITIES } from './entities';
import { ClosedResponder } from './closed-responder';
import { ORDER_BOT_HOOKS, OrderBot } from './order-bot';
import { OrderFastPath } from './order-fast-path';
import { OrderEvents } from './order-events';
import { OrderLifecycle } from './order-lifecycle';
import { OrderPayments } from './order-payments';
import { OrderService } from './order.service';
import { OrderSweeper } from './order-sweeper';
import { ShopperAnswerers } from './shopper-answerers';
import { CheckoutSettingsResolver } from './settings.resolver';
import { CheckoutSettingsService } from './settings.service';

/** Carts, orders, the order bot and inventory reservations; it pays through payments and talks through chat. */
@Module({
  imports: [MikroOrmModule.forFeature(CHECKOUT_ENTITIES), BusinessModule, CatalogModule, ChatModule, PaymentsModule],
  providers: [CartService, OrderService, OrderLifecycle, OrderPayments, OrderEvents, CheckoutSettingsService, ShopperAnswerers],
  exports: [CartService, OrderService, OrderLifecycle, OrderPayments, OrderEvents, CheckoutSettingsService, ShopperAnswerers],
})
export class CheckoutModule {}

/** The order bot and its queue; only the worker imports it. */
@Module({
  imports: [
    CheckoutModule,
    WorkerRuntimeModule,
    MikroOrmModule.forFeature(CHECKOUT_ENTITIES),
    BusinessModule,
    CatalogModule,
    ChatModule,
  ],
  // No hooks in production; crash tests override ORDER_BOT_HOOKS.
  providers: [OrderBot, OrderFastPath, ClosedResponder, OrderSweeper, { provide: ORDER_BOT_HOOKS, useValue: {} }],
})
export class CheckoutWorkerModule {}

/** The GraphQL edge of checkout; only the API imports it. */
@Module({
  imports: [CheckoutModule],
  providers: [CheckoutResolver, CheckoutSettingsResolver],
})
export class CheckoutApiModule {}
