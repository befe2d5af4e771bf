import currencyCodes from 'currency-codes';

/**
 * Money is an integer number of minor units plus an ISO-4217 currency. Never a float; every
 * split and rounding goes through `allocate`, so parts always add up to the whole.
 */
export interface Money {
  readonly amount: bigint;
  readonly currency: string;
}

const CURRENCY = /^[A-Z]{3}$/;

/** How amounts travel in GraphQL inputs: whole minor units as a decimal string, above zero, at most 13 digits. */
export const MINOR_UNITS = /^[1-9][0-9]{0,12}$/;
/** The same, zero allowed (a lower bound, a fee). */
export const MINOR_UNITS_OR_ZERO = /^(0|[1-9][0-9]{0,12})$/;

export function money(amount: bigint | number | string, currency: string): Money {
  if (!CURRENCY.test(currency)) throw new RangeError(`not an ISO-4217 currency code: ${currency}`);
  if (typeof amount === 'number' && !Number.isSafeInteger(amount))
    throw new RangeError(`not a whole number of minor units: ${amount}`);
  return { amount: BigInt(amount), currency };
}

function same(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new RangeError(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export const add = (a: Money, b: Money): Money => (same(a, b), { amount: a.amount + b.amount, currency: a.currency });
export const subtract = (a: Money, b: Money): Money => (same(a, b), { amount: a.amount - b.amount, currency: a.currency });

/**
 * Splits `total` by integer `weights` (largest remainder): parts sum exactly to the total and
 * differ from the exact share by less than one minor unit.
 */
export function allocate(total: Money, weights: readonly number[]): Money[] {
  if (total.amount < 0n) throw new RangeError('only a non-negative amount can be allocated');
  if (weights.length === 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0)) {
    throw new RangeError('weights must be non-negative integers, at least one');
  }
  const sum = weights.reduce((a, b) => a + BigInt(b), 0n);
  if (sum === 0n) throw new RangeError('weights must not all be zero');
  const parts = weights.map((w) => (total.amount * BigInt(w)) / sum);
  const remainders = weights.map((w, i) => ({ i, r: (total.amount * BigInt(w)) % sum }));
  // What truncation left over (fewer units than there are parts) goes to the largest remainders.
  let left = total.amount - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : b.r > a.r ? 1 : -1));
  for (let k = 0; left > 0n; k += 1, left -= 1n) parts[remainders[k].i] += 1n;
  return parts.map((amount) => ({ amount, currency: total.currency }));
}

/**
 * Minor-unit digits per currency, from ISO 4217 itself (currency-codes). Not from Intl: CLDR's
 * display digits differ for IDR, HUF, PKR, IQD and others, and amounts must agree with the PSP's.
 */
export function minorDigits(currency: string): number {
  let digits = DIGITS.get(currency);
  if (digits === undefined) {
    digits = currencyCodes.code(currency)?.digits;
    if (digits === undefined) throw new RangeError(`not an ISO-4217 currency code: ${currency}`);
    DIGITS.set(currency, digits);
  }
  return digits;
}
// currency-codes searches a list on every call; a catalog page asks a hundred times.
const DIGITS = new Map<string, number>();

// Building an Intl.NumberFormat costs tens of microseconds, formatting with one almost nothing: a
// catalog page formats ~100 prices, so formatters are kept per locale and currency (a few dozen at most).
const FORMATTERS = new Map<string, Intl.NumberFormat>();
function formatter(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let fmt = FORMATTERS.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    FORMATTERS.set(key, fmt);
  }
  return fmt;
}

/** A display string such as "RM 12.50" or "¥1,200", exact for any amount (no float on the way). */
export function formatMoney(m: Money, locale = 'en'): string {
  const digits = minorDigits(m.currency);
  const negative = m.amount < 0n;
  const abs = negative ? -m.amount : m.amount;
  const scale = 10n ** BigInt(digits);
  const decimal = digits === 0 ? `${abs}` : `${abs / scale}.${(abs % scale).toString().padStart(digits, '0')}`;
  // Intl.NumberFormat accepts a decimal string and keeps its precision.
  const fmt = formatter(locale, m.currency, digits);
  return fmt.format(`${negative ? '-' : ''}${decimal}` as unknown as number);
}
