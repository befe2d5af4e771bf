import { describe, expect, it } from 'vitest';
import { formatMoney, fractionDigits, minorToDecimal, parseMoneyInput, splitEvenly } from './money';

describe('money on the client', () => {
  it('knows ISO 4217 minor units, not Intl display digits', () => {
    expect(fractionDigits('MYR')).toBe(2);
    expect(fractionDigits('IDR')).toBe(2);
    expect(fractionDigits('JPY')).toBe(0);
    expect(fractionDigits('VND')).toBe(0);
    expect(fractionDigits('BHD')).toBe(3);
  });

  it('turns minor units into exact decimals, however large', () => {
    expect(minorToDecimal('1250', 'MYR')).toBe('12.50');
    expect(minorToDecimal('5', 'MYR')).toBe('0.05');
    expect(minorToDecimal('0', 'MYR')).toBe('0.00');
    expect(minorToDecimal('-705', 'MYR')).toBe('-7.05');
    expect(minorToDecimal('900719925474099312', 'MYR')).toBe('9007199254740993.12');
    expect(minorToDecimal('1500', 'JPY')).toBe('1500');
    expect(minorToDecimal('1', 'BHD')).toBe('0.001');
  });

  it('formats per currency and language', () => {
    expect(formatMoney('1250', 'MYR', 'en')).toMatch(/MYR\s?12\.50/);
    expect(formatMoney('1500', 'JPY', 'en')).toMatch(/JPY\s?1,500$/);
    expect(formatMoney('123456', 'IDR', 'en')).toMatch(/IDR\s?1,234\.56/);
    expect(formatMoney('1250', 'MYR', 'ms')).toContain('12.50');
  });

  it('reads what people type as minor units, or refuses it', () => {
    expect(parseMoneyInput('12', 'MYR')).toBe('1200');
    expect(parseMoneyInput('12.5', 'MYR')).toBe('1250');
    expect(parseMoneyInput(' 12.50 ', 'MYR')).toBe('1250');
    expect(parseMoneyInput('12,50', 'MYR')).toBe('1250');
    expect(parseMoneyInput('1,234.56', 'MYR')).toBe('123456');
    expect(parseMoneyInput('0.01', 'MYR')).toBe('1');
    expect(parseMoneyInput('1500', 'JPY')).toBe('1500');
    for (const bad of ['', '0', '0.00', '-5', '1.234', 'abc', '12.5.1', '1e3']) expect(parseMoneyInput(bad, 'MYR')).toBeNull();
    expect(parseMoneyInput('10.5', 'JPY')).toBeNull();
  });

  it('splits a bill evenly to the unit, the first parts taking the odd units as the API does', () => {
    expect(splitEvenly('1000', 3)).toEqual(['334', '333', '333']);
    expect(splitEvenly('1001', 2)).toEqual(['501', '500']);
    for (const [total, n] of [
      ['1', 3],
      ['99999', 7],
      ['123456789012345678', 11],
    ] as const) {
      const parts = splitEvenly(total, n);
      expect(parts.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
      expect(Math.max(...parts.map(Number)) - Math.min(...parts.map(Number))).toBeLessThanOrEqual(1);
    }
  });
});
