import type { CardBrand } from './entities/funding-source.entity';

/** The Luhn (mod 10) check every card number passes. Digits only. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Visa (4…, 13/16/19 digits) and Mastercard (51–55 and 2221–2720, 16 digits) by their IIN ranges; null for anything else. */
export function brandOf(digits: string): CardBrand | null {
  if (/^4\d*$/.test(digits) && [13, 16, 19].includes(digits.length)) return 'visa';
  if (digits.length === 16) {
    const two = Number(digits.slice(0, 2));
    const four = Number(digits.slice(0, 4));
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return 'mastercard';
  }
  return null;
}

/** A card is valid through the last day of its expiry month. Two-digit years are 20xx. */
export function notExpired(expMonth: number, expYear: number, now: Date = new Date()): boolean {
  if (!Number.isInteger(expMonth) || expMonth < 1 || expMonth > 12) return false;
  const year = expYear < 100 ? 2000 + expYear : expYear;
  if (!Number.isInteger(year) || year > now.getUTCFullYear() + 20) return false;
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  return year > y || (year === y && expMonth >= m);
}

export const fullYear = (expYear: number): number => (expYear < 100 ? 2000 + expYear : expYear);

/** Spaces and dashes people type between digit groups are dropped; nothing else is accepted. */
export function normaliseCardNumber(raw: string): string {
  return raw.replace(/[\s-]/g, '');
}

export type CardProblem = 'number' | 'brand' | 'expiry' | 'cvc';

/**
 * What is wrong with a card before it goes to the PSP, or null. Deliberately says which field,
 * never echoing the value: a card number must not appear in an error message.
 */
export function cardProblem(
  card: { number: string; expMonth: number; expYear: number; cvc: string },
  now = new Date(),
): CardProblem | null {
  const digits = normaliseCardNumber(card.number);
  if (!luhnValid(digits)) return 'number';
  if (!brandOf(digits)) return 'brand';
  if (!notExpired(card.expMonth, card.expYear, now)) return 'expiry';
  if (!/^\d{3,4}$/.test(card.cvc)) return 'cvc';
  return null;
}
