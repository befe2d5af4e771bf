import { defineJob } from '@kedai/core';

/** The order bot's work on one order: on its own queue, prioritised so no business starves the others (order-queue.ts). */
export const processOrder = defineJob<{ orderId: string }>('orders', 'orders.process');

/** An unpaid order's payment window closes. */
export const paymentWindowClosed = defineJob<{ orderId: string }>('checkout', 'checkout.payment-window-closed');
