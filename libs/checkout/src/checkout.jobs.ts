import { defineJob } from '@kedai/core';

/**
 * An order needs the order bot: just sent, or accepted by the shop, or its new prices accepted, or
 * retried after the bot gave up. `attempt` names the occasion, so each puts the order in line once.
 */
export const orderPlaced = defineJob<{ orderId: string; attempt: string }>('checkout', 'checkout.order-placed');

/** The order bot's work on one order: on its own queue, prioritised so no business starves the others. */
export const processOrder = defineJob<{ orderId: string }>('orders', 'orders.process');

/** An unpaid order's payment window closes. */
export const paymentWindowClosed = defineJob<{ orderId: string }>('checkout', 'checkout.payment-window-closed');
