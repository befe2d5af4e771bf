import { InvalidTransitionError } from '@kedai/core';
import { allowedMoves, ORDER_STATUSES, TRANSITIONS } from './order-states';

describe('allowedMoves', () => {
  it('lists the moves the table gives each mover, and nothing else', () => {
    expect(allowedMoves('paid', 'merchant')).toEqual(['processing']);
    expect(allowedMoves('partially_refunded', 'merchant')).toEqual(['processing', 'shipped', 'completed']);
    expect(allowedMoves('pending', 'shopper')).toEqual(['canceled']);
    expect(allowedMoves('canceled', 'merchant')).toEqual([]);
    for (const from of ORDER_STATUSES) {
      for (const to of allowedMoves(from, 'payments')) expect(TRANSITIONS[from][to]).toContain('payments');
    }
  });
});

describe('InvalidTransitionError', () => {
  it('names the allowed next states when given them, and says when there are none', () => {
    const e = new InvalidTransitionError('Order', 'paid', 'completed', ['PROCESSING']);
    expect(e.details).toEqual({ from: 'paid', to: 'completed', allowed: ['PROCESSING'] });
    expect(e.message).toBe('Order cannot go from paid to completed; it can go to PROCESSING');
    expect(new InvalidTransitionError('Order', 'canceled', 'paid', []).message).toMatch(/cannot be moved on$/);
    expect(new InvalidTransitionError('A payment', 'failed', 'refunded').details).toEqual({ from: 'failed', to: 'refunded' });
  });
});
