import { paymentOutcome } from './payment-metrics';

describe('payment outcomes', () => {
  it('names the states that end an attempt, and nothing for the ones in between', () => {
    expect(paymentOutcome('succeeded', null)).toBe('succeeded');
    expect(paymentOutcome('requires_capture', null)).toBe('authorized');
    expect(paymentOutcome('canceled', null)).toBe('canceled');
    expect(paymentOutcome('requires_action', null)).toBe('requires_action');
    expect(paymentOutcome('requires_payment_method', 'card_declined')).toBe('failed');
    expect(paymentOutcome('requires_payment_method', null)).toBeNull();
    expect(paymentOutcome('processing', null)).toBeNull();
    expect(paymentOutcome('requires_confirmation', null)).toBeNull();
  });
});
