/**
 * Money on the client: amounts travel as strings of integer minor units with an ISO currency, as
 * the API sends them; nothing here goes through floating point.
 */
const formats = new Map<string, Intl.NumberFormat>();

// ISO 4217 minor units, as the API counts them (libs/core minorDigits): not Intl's display digits,
// which differ for IDR, HUF, PKR and others. Currencies not listed have two.
const ISO_DIGITS: Record<string, number> = {
  ...Object.fromEntries('BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' ').map((c) => [c, 0])),
  ...Object.fromEntries('BHD IQD JOD KWD LYD OMR TND'.split(' ').map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** How many minor-unit digits a currency has (MYR 2, JPY 0, BHD 3). */
export function fractionDigits(currency: string): number {
  return ISO_DIGITS[currency.toUpperCase()] ?? 2;
}

function format(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formats.get(key);
  if (!f) {
    const digits = fractionDigits(currency);
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'code',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, f);
  }
  return f;
}

/** "1250" MYR → "12.50": exact decimal text of a minor-unit amount. */
export function minorToDecimal(amountMinor: string, currency: string): string {
  const digits = fractionDigits(currency);
  const negative = amountMinor.startsWith('-');
  const abs = (negative ? amountMinor.slice(1) : amountMinor).replace(/^0+(?=\d)/, '');
  const padded = abs.padStart(digits + 1, '0');
  const whole = padded.slice(0, padded.length - digits);
  const frac = digits ? `.${padded.slice(-digits)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}

/** Shows an amount in the reader's language, e.g. "MYR 12.50" (Intl formats the exact decimal string). */
export function formatMoney(amountMinor: string, currency: string, locale = 'en'): string {
  // Intl.NumberFormat takes a decimal string exactly (no float rounding) in current browsers.
  return format(locale, currency).format(minorToDecimal(amountMinor, currency) as unknown as number);
}

/**
 * Reads what a person typed ("12", "12.5", "12,50", "1,234.56") as minor units, or null when it is
 * not an amount of this currency (too many decimals, letters, negative, zero).
 */
export function parseMoneyInput(text: string, currency: string): string | null {
  const digits = fractionDigits(currency);
  let t = text.trim().replace(/\s/g, '');
  if (!t) return null;
  // A comma followed by exactly 1–digits digits at the end is a decimal comma; other commas group.
  const decimalComma = new RegExp(`^[\\d.]*,\\d{1,${Math.max(digits, 1)}}$`);
  if (decimalComma.test(t) && !t.includes('.')) t = t.replace(',', '.');
  else t = t.replace(/,(?=\d{3}(\D|$))/g, '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const frac = m[2] ?? '';
  if (frac.length > digits) return null;
  const minor = `${m[1]}${frac.padEnd(digits, '0')}`.replace(/^0+(?=\d)/, '');
  return /^0+$/.test(minor) ? null : minor;
}

/** Splits a total into n parts that differ by at most one minor unit and add up exactly. */
export function splitEvenly(totalMinor: string, parts: number): string[] {
  const total = BigInt(totalMinor);
  const n = BigInt(parts);
  const base = total / n;
  const rest = Number(total % n);
  return Array.from({ length: parts }, (_, i) => (base + (i < rest ? 1n : 0n)).toString());
}

export function addMinor(a: string, b: string): string {
  return (BigInt(a) + BigInt(b)).toString();
}
