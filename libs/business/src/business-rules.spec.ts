import { assertCountry, assertCurrency, assertHandle, HANDLE_PATTERN, normaliseHandle } from './business-rules';

describe('business handles', () => {
  it.each([
    ['kopi.corner', 'kopi.corner'],
    ['  Kopi.Corner ', 'kopi.corner'],
    ['ABC', 'abc'],
    ['a_b', 'a_b'],
    ['shop123', 'shop123'],
    ['1st.shop', '1st.shop'],
    ['a'.repeat(30), 'a'.repeat(30)],
  ])('accepts %j as %j', (given, stored) => {
    expect(assertHandle(given)).toBe(stored);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(31)],
    ['empty', ''],
    ['only spaces', '   '],
    ['starts with a dot', '.shop'],
    ['ends with a dot', 'shop.'],
    ['starts with an underscore', '_shop'],
    ['ends with an underscore', 'shop_'],
    ['a space inside', 'kopi corner'],
    ['a dash', 'kopi-corner'],
    ['an at sign', '@kopi'],
    ['a slash', 'kopi/corner'],
    ['non-ASCII letters', 'kopí.corner'],
    ['a Turkish dotted capital I (lower-cases to two code points)', 'İstanbul'],
  ])('refuses a handle with %s', (_why, given) => {
    expect(() => assertHandle(given)).toThrow(RangeError);
    expect(() => assertHandle(given)).toThrow(/not a valid handle/);
  });

  it('normalises by trimming and lower-casing only', () => {
    expect(normaliseHandle('  MiXeD.Case_1  ')).toBe('mixed.case_1');
    expect(HANDLE_PATTERN.test(normaliseHandle(' Good.One '))).toBe(true);
  });

  it('agrees with the pattern the database CHECK uses: what it stores always matches', () => {
    for (const h of ['abc', 'a.b', 'x_y.z9']) expect(HANDLE_PATTERN.test(assertHandle(h))).toBe(true);
  });
});

describe('business currency', () => {
  it.each([
    ['MYR', 'MYR'],
    ['myr', 'MYR'],
    ['Sgd', 'SGD'],
    ['JPY', 'JPY'],
    ['KWD', 'KWD'],
  ])('accepts %s as %s', (given, stored) => {
    expect(assertCurrency(given)).toBe(stored);
  });

  it.each(['XYZ', 'RM', 'MYRR', '', '123', 'M Y', 'US$'])('refuses %j', (given) => {
    expect(() => assertCurrency(given)).toThrow(/not an ISO-4217 currency/);
  });
});

describe('business country', () => {
  it.each([
    ['MY', 'MY'],
    ['my', 'MY'],
    ['sG', 'SG'],
    ['ID', 'ID'],
  ])('accepts %s as %s', (given, stored) => {
    expect(assertCountry(given)).toBe(stored);
  });

  it.each(['XX', 'QQ', 'MYS', 'M', '', '12', 'M1'])('refuses %j', (given) => {
    expect(() => assertCountry(given)).toThrow(/not an ISO-3166 country/);
  });

  // Intl.DisplayNames names these CLDR regions too, but none is an ISO 3166-1 country.
  it.each([
    ['ZZ', 'Unknown Region'],
    ['EU', 'European Union'],
    ['UN', 'United Nations'],
    ['XA', 'Pseudo-Accents'],
    ['QO', 'Outlying Oceania'],
  ])('refuses %s (%s), which is not a country', (given) => {
    expect(() => assertCountry(given)).toThrow(/not an ISO-3166 country/);
  });
});
