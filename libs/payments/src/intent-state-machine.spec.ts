import { assertMove, canMove, INTENT_STATES, INTENT_TRANSITIONS, isTerminal, type IntentState } from './intent-state-machine';

describe('payment intent state machine', () => {
  const legal: [IntentState, IntentState][] = [
    ['requires_payment_method', 'requires_confirmation'],
    ['requires_confirmation', 'processing'],
    ['processing', 'requires_action'],
    ['requires_action', 'processing'],
    ['processing', 'succeeded'],
    ['processing', 'requires_capture'],
    ['requires_capture', 'succeeded'],
    ['requires_capture', 'canceled'],
    ['processing', 'requires_payment_method'],
  ];
  it.each(legal)('%s → %s is allowed', (from, to) => expect(canMove(from, to)).toBe(true));

  it('refuses every move not in the table with INVALID_TRANSITION', () => {
    for (const from of INTENT_STATES) {
      for (const to of INTENT_STATES) {
        if (INTENT_TRANSITIONS[from].includes(to)) continue;
        expect(() => assertMove(from, to)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
      }
    }
  });

  it('keeps succeeded and canceled terminal, and never skips confirmation', () => {
    expect(isTerminal('succeeded') && isTerminal('canceled')).toBe(true);
    expect(canMove('requires_payment_method', 'processing')).toBe(false);
    expect(canMove('requires_confirmation', 'succeeded')).toBe(false);
    expect(canMove('processing', 'canceled')).toBe(false);
  });
});
