import { CartLine } from './cart-line.entity';
import { Order, OrderLine, OrderTransition, StockReservation } from './order.entity';
import { CheckoutSettings, DiscountCode, ShippingOption } from './settings.entity';

/** Checkout's entities, importable without its GraphQL models or Nest modules (`@kedai/checkout/entities`). */
export const CHECKOUT_ENTITIES = [
  CartLine,
  CheckoutSettings,
  ShippingOption,
  DiscountCode,
  Order,
  OrderLine,
  OrderTransition,
  StockReservation,
];
