export const ORDER_STATUSES = [
  'pending',
  'awaiting_payment',
  'paid',
  'processing',
  'shipped',
  'completed',
  'canceled',
  'refunded',
  'partially_refunded',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Who moves an order. */
export type Mover = 'shopper' | 'merchant' | 'bot' | 'payments';

/**
 * The order lifecycle as data: every legal move, and who may make it. Anything else is
 * INVALID_TRANSITION. Canceling is only before payment; after it, money goes back by refund
 * (the payments issue moves orders to refunded / partially_refunded).
 */
export const TRANSITIONS: Record<OrderStatus, Partial<Record<OrderStatus, readonly Mover[]>>> = {
  pending: { awaiting_payment: ['bot', 'merchant'], canceled: ['shopper', 'merchant', 'bot'] },
  awaiting_payment: { paid: ['payments'], canceled: ['shopper', 'merchant', 'bot'] },
  paid: { processing: ['merchant'], refunded: ['payments'], partially_refunded: ['payments'] },
  processing: { shipped: ['merchant'], refunded: ['payments'], partially_refunded: ['payments'] },
  shipped: { completed: ['merchant'], refunded: ['payments'], partially_refunded: ['payments'] },
  completed: { refunded: ['payments'], partially_refunded: ['payments'] },
  partially_refunded: {
    processing: ['merchant'],
    shipped: ['merchant'],
    completed: ['merchant'],
    refunded: ['payments'],
    partially_refunded: ['payments'],
  },
  canceled: {},
  refunded: {},
};

export function canMove(from: OrderStatus, to: OrderStatus, by: Mover): boolean {
  return TRANSITIONS[from][to]?.includes(by) ?? false;
}

/** The states `by` may move an order in `from` to, in lifecycle order. */
export function allowedMoves(from: OrderStatus, by: Mover): OrderStatus[] {
  return ORDER_STATUSES.filter((to) => canMove(from, to, by));
}

/** Orders whose units are still set aside for them. */
export const HOLDS_STOCK: readonly OrderStatus[] = ['awaiting_payment'];
