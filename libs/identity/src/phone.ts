import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DomainError } from '@kedai/core';

export class InvalidPhoneError extends DomainError {
  constructor(given: string) {
    super('INVALID_PHONE', `"${given}" is not a valid phone number; use the international format, e.g. +60123456789`, 400);
  }
}

/**
 * A phone number in E.164 (+60123456789), the one form we store and compare. Numbers without a
 * country code are read in `defaultCountry` when given. Only numbers that can receive messages
 * (mobile, or fixed-line-or-mobile) pass.
 */
export function normalisePhone(raw: string, defaultCountry?: CountryCode): string {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry);
  const type = parsed?.getType();
  if (!parsed || !parsed.isValid() || (type !== undefined && !['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(type))) {
    throw new InvalidPhoneError(raw.slice(0, 32));
  }
  return parsed.number;
}

/** For logs and lists: +6012•••••789. */
export function maskPhone(e164: string): string {
  return e164.length <= 7 ? '•••' : `${e164.slice(0, 5)}${'•'.repeat(e164.length - 8)}${e164.slice(-3)}`;
}
