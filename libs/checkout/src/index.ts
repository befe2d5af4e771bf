export * from './checkout.module';
export * from './cart.service';
export * from './order.service';
export * from './order-payments';
export * from './settings.service';
export { ShopperAnswerers, type ShopperAnswerer } from './shopper-answerers';
export * from './checkout.jobs';
export { ORDER_BOT_HOOKS, type OrderBotHooks } from './order-bot';
export * from './order-states';
export * from './models/checkout.models';

export { CHECKOUT_ENTITIES } from './entities';
