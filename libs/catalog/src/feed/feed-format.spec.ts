import { formatFeedPrice, parseAvailability, parseFeedPrice } from './feed-format';

describe('feed prices', () => {
  it.each([
    ['12.50 MYR', 'MYR', 1250n],
    ['12.5 MYR', 'MYR', 1250n],
    ['12 MYR', 'MYR', 1200n],
    ['0.01 myr', 'MYR', 1n],
    ['1200 JPY', 'JPY', 1200n],
    ['1200.00 JPY', 'JPY', 1200n],
    ['1.250 KWD', 'KWD', 1250n],
    ['1.25 KWD', 'KWD', 1250n],
    // Far past a double's 2^53: exact because the digits are never a float.
    ['90071992547409.93 MYR', 'MYR', 9007199254740993n],
  ])('reads %s exactly', (text, currency, minor) => {
    expect(parseFeedPrice(text, currency)).toEqual({ ok: true, value: minor });
  });

  it.each([
    ['12.505 MYR', 'MYR', /2 decimal places/],
    ['12.5 JPY', 'JPY', /0 decimal places/],
    ['1.2345 KWD', 'KWD', /3 decimal places/],
    ['12.50 USD', 'MYR', /MYR, the business/],
    ['12.50', 'MYR', /such as "12.50 MYR"/],
    ['RM 12.50', 'MYR', /amount and its currency/],
    ['-1 MYR', 'MYR', /amount and its currency/],
    ['1e3 MYR', 'MYR', /amount and its currency/],
    ['1,200 JPY', 'JPY', /such as "1200 JPY"/],
  ])('refuses %s', (text, currency, message) => {
    const parsed = parseFeedPrice(text, currency);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(message);
  });

  it('writes what it reads, with the currency’s digits', () => {
    expect([
      formatFeedPrice(1250n, 'MYR'),
      formatFeedPrice(5n, 'MYR'),
      formatFeedPrice(1200n, 'JPY'),
      formatFeedPrice(1250n, 'KWD'),
    ]).toEqual(['12.50 MYR', '0.05 MYR', '1200 JPY', '1.250 KWD']);
    for (const [minor, currency] of [
      [1n, 'MYR'],
      [999999n, 'KWD'],
      [7n, 'JPY'],
    ] as const)
      expect(parseFeedPrice(formatFeedPrice(minor, currency), currency)).toEqual({ ok: true, value: minor });
  });

  it('reads Commerce Manager availabilities and ours', () => {
    expect(['in stock', 'Out of  Stock', 'hidden', 'in_stock', 'preorder'].map(parseAvailability)).toEqual([
      'in_stock',
      'out_of_stock',
      'hidden',
      'in_stock',
      undefined,
    ]);
  });
});
