import fc from 'fast-check';
import { splitTotal } from './request.service';
import { REQUEST_TRANSITIONS, canMoveRequest } from './p2p-states';

describe('group split', () => {
  it('even parts sum exactly to the total and differ by at most one minor unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.integer({ min: 1, max: 256 }), (total, count) => {
        const parts = splitTotal(total, 'MYR', 'even', count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((a, b) => a + b, 0n)).toBe(total);
        const max = parts.reduce((a, b) => (a > b ? a : b));
        const min = parts.reduce((a, b) => (a < b ? a : b));
        expect(max - min <= 1n).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('amounts must add up to the total', () => {
    expect(splitTotal(1000n, 'MYR', 'amounts', 2, [400n, 600n])).toEqual([400n, 600n]);
    expect(() => splitTotal(1000n, 'MYR', 'amounts', 2, [400n, 500n])).toThrow();
    expect(() => splitTotal(1000n, 'MYR', 'amounts', 2, [0n, 1000n])).toThrow();
  });
});

describe('request lifecycle table', () => {
  it('lets only the payer pay or decline, only the requester cancel, and keeps terminal states terminal', () => {
    expect(canMoveRequest('pending', 'paying', 'payer')).toBe(true);
    expect(canMoveRequest('pending', 'paying', 'requester')).toBe(false);
    expect(canMoveRequest('pending', 'canceled', 'payer')).toBe(false);
    expect(canMoveRequest('paying', 'canceled', 'requester')).toBe(false);
    for (const s of ['paid', 'declined', 'canceled', 'expired'] as const) expect(REQUEST_TRANSITIONS[s]).toEqual({});
  });
});
