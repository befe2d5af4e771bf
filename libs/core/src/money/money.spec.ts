import fc from 'fast-check';
import { add, allocate, formatMoney, minorDigits, money, subtract, type Money } from './money';

const currencies = fc.constantFrom('MYR', 'SGD', 'USD', 'JPY', 'KRW', 'BHD', 'KWD');
const amounts = fc.bigInt({ min: 0n, max: 10n ** 24n });
const weightLists = fc
  .array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 30 })
  .filter((ws) => ws.some((w) => w > 0));

const abs = (n: bigint) => (n < 0n ? -n : n);

describe('allocate', () => {
  it('splits into parts that sum exactly to the total, each within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(amounts, weightLists, currencies, (amount, weights, currency) => {
        const parts = allocate(money(amount, currency), weights);
        expect(parts).toHaveLength(weights.length);
        expect(parts.reduce((a, p) => a + p.amount, 0n)).toBe(amount);
        const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
        parts.forEach((part, i) => {
          expect(part.currency).toBe(currency);
          expect(part.amount >= 0n).toBe(true);
          // |part − amount·w/sum| < 1, in integers: |part·sum − amount·w| < sum.
          expect(abs(part.amount * sum - amount * BigInt(weights[i])) < sum).toBe(true);
          if (weights[i] === 0) expect(part.amount).toBe(0n);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic: the same input always gives the same parts', () => {
    fc.assert(
      fc.property(amounts, weightLists, (amount, weights) => {
        expect(allocate(money(amount, 'MYR'), weights)).toEqual(allocate(money(amount, 'MYR'), [...weights]));
      }),
    );
  });

  it('gives leftover units to the largest remainders, earlier parts first on a tie', () => {
    expect(allocate(money(100, 'MYR'), [1, 1, 1]).map((p) => p.amount)).toEqual([34n, 33n, 33n]);
    expect(allocate(money(5, 'MYR'), [3, 7]).map((p) => p.amount)).toEqual([2n, 3n]);
    expect(allocate(money(10, 'MYR'), [1, 2]).map((p) => p.amount)).toEqual([3n, 7n]);
    expect(allocate(money(10, 'MYR'), [2, 1]).map((p) => p.amount)).toEqual([7n, 3n]);
    expect(allocate(money(2, 'JPY'), [1, 1, 1]).map((p) => p.amount)).toEqual([1n, 1n, 0n]);
    expect(allocate(money(0, 'USD'), [1, 2]).map((p) => p.amount)).toEqual([0n, 0n]);
  });

  it('handles totals far beyond Number.MAX_SAFE_INTEGER without losing a unit', () => {
    const total = 10n ** 20n + 7n;
    const parts = allocate(money(total, 'USD'), [1, 1, 1]);
    expect(parts.map((p) => p.amount)).toEqual([33333333333333333336n, 33333333333333333336n, 33333333333333333335n]);
  });

  it('refuses a negative total', () => {
    expect(() => allocate(money(-1, 'MYR'), [1, 1])).toThrow(RangeError);
  });

  it.each([
    ['no weights', []],
    ['all-zero weights', [0, 0, 0]],
    ['a negative weight', [2, -1]],
    ['a fractional weight', [0.5, 1]],
    ['an unsafe weight', [Number.MAX_SAFE_INTEGER + 1, 1]],
    ['a NaN weight', [NaN, 1]],
  ])('refuses %s', (_what, weights) => {
    expect(() => allocate(money(100, 'MYR'), weights)).toThrow(RangeError);
  });
});

describe('money arithmetic', () => {
  it('adds and subtracts exactly within one currency', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt(), currencies, (a, b, currency) => {
        const x = money(a, currency);
        const y = money(b, currency);
        expect(add(x, y)).toEqual({ amount: a + b, currency });
        expect(subtract(add(x, y), y)).toEqual(x);
      }),
    );
  });

  it('refuses to add or subtract different currencies', () => {
    const myr = money(100, 'MYR');
    const sgd = money(100, 'SGD');
    expect(() => add(myr, sgd)).toThrow(/currency mismatch: MYR and SGD/);
    expect(() => subtract(sgd, myr)).toThrow(/currency mismatch: SGD and MYR/);
    expect(() => add(myr, { amount: 1n, currency: 'myr' })).toThrow(RangeError);
  });

  it('builds money only from whole minor units and ISO currency codes', () => {
    expect(money('12345678901234567890', 'USD').amount).toBe(12345678901234567890n);
    expect(money(-5, 'USD').amount).toBe(-5n);
    expect(() => money(1.5, 'USD')).toThrow(RangeError);
    expect(() => money(Number.MAX_SAFE_INTEGER + 1, 'USD')).toThrow(RangeError);
    expect(() => money('1.5', 'USD')).toThrow();
    for (const bad of ['usd', 'US', 'USDT', '', 'U$D']) expect(() => money(1, bad)).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  it('is exact for amounts far beyond a float', () => {
    expect(formatMoney(money(10n ** 20n, 'USD'))).toBe('$1,000,000,000,000,000,000.00');
    expect(formatMoney(money(10n ** 20n + 1n, 'USD'))).toBe('$1,000,000,000,000,000,000.01');
    expect(formatMoney(money(-(10n ** 20n) - 99n, 'MYR'))).toBe('-MYR\u00a01,000,000,000,000,000,000.99');
  });

  it('knows currencies without minor units (JPY, KRW)', () => {
    expect(minorDigits('JPY')).toBe(0);
    // ISO 4217, where CLDR's display digits differ.
    expect(minorDigits('IDR')).toBe(2);
    expect(minorDigits('HUF')).toBe(2);
    expect(minorDigits('IQD')).toBe(3);
    expect(formatMoney(money(1200, 'JPY'))).toBe('¥1,200');
    expect(formatMoney(money(10n ** 20n, 'JPY'))).toBe('¥100,000,000,000,000,000,000');
    expect(formatMoney(money(5, 'KRW'))).toBe('₩5');
  });

  it('knows currencies with three decimals (BHD, KWD)', () => {
    expect(minorDigits('BHD')).toBe(3);
    expect(minorDigits('KWD')).toBe(3);
    expect(formatMoney(money(1234, 'BHD'))).toBe('BHD\u00a01.234');
    expect(formatMoney(money(5, 'KWD'))).toBe('KWD\u00a00.005');
    expect(formatMoney(money(10n ** 20n + 1n, 'KWD'))).toBe('KWD\u00a0100,000,000,000,000,000.001');
  });

  it('shows small and zero amounts with their leading zeros', () => {
    expect(formatMoney(money(0, 'USD'))).toBe('$0.00');
    expect(formatMoney(money(7, 'MYR'))).toBe('MYR\u00a00.07');
    expect(formatMoney(money(-1250, 'MYR'))).toBe('-MYR\u00a012.50');
  });

  it('follows the locale', () => {
    expect(formatMoney(money(123456, 'EUR'), 'de-DE')).toBe('1.234,56\u00a0€');
  });

  it('never loses a digit: the digits shown are exactly the minor units', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), currencies, (amount, currency) => {
        const m: Money = money(amount, currency);
        const shown = formatMoney(m);
        const digits = minorDigits(currency);
        expect(shown.replace(/\D/g, '')).toBe(
          abs(amount)
            .toString()
            .padStart(digits + 1, '0'),
        );
        expect(shown.startsWith('-')).toBe(amount < 0n);
      }),
      { numRuns: 300 },
    );
  });
});
