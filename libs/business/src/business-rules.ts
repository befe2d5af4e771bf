import { HANDLE_PATTERN, normaliseHandle } from '@kedai/core/handles';

// One handle rule for people and businesses; re-exported for this module's callers.
export { HANDLE_PATTERN, HANDLE_RULE, normaliseHandle } from '@kedai/core/handles';

export function assertHandle(handle: string): string {
  const h = normaliseHandle(handle);
  if (!HANDLE_PATTERN.test(h)) throw new RangeError(`not a valid handle: ${handle}`);
  return h;
}

export function assertCurrency(code: string): string {
  const c = code.toUpperCase();
  if (!/^[A-Z]{3}$/.test(c) || !Intl.supportedValuesOf('currency').includes(c))
    throw new RangeError(`not an ISO-4217 currency: ${code}`);
  return c;
}

// Intl.DisplayNames also names CLDR regions that are not ISO 3166-1 countries: groupings (EU, UN,
// QO), pseudo-locales (XA, XB), the unknown region (ZZ), withdrawn codes (SU, YU, DD, AN…) and
// exceptionally reserved ones (EA, IC, DG, CP). A business is in a country, so these are refused.
const NOT_COUNTRIES = new Set('AN BU CP CQ CS DD DG DY EA EU EZ FX HV IC NH QO RH SU TP UK UN VD XA XB YD YU ZR ZZ'.split(' '));

export function assertCountry(code: string): string {
  const c = code.toUpperCase();
  if (
    !/^[A-Z]{2}$/.test(c) ||
    NOT_COUNTRIES.has(c) ||
    new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(c) === undefined
  ) {
    throw new RangeError(`not an ISO-3166 country: ${code}`);
  }
  return c;
}

/**
 * An IANA time zone (Asia/Kuala_Lumpur), returned in its canonical spelling. Fixed offsets such
 * as +08:00 are refused: they ignore daylight saving, so opening hours would drift twice a year.
 */
export function assertTimezone(zone: string): string {
  const z = zone.trim();
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(z)) throw new RangeError(`not an IANA time zone: ${zone}`);
  try {
    return new Intl.DateTimeFormat('en', { timeZone: z }).resolvedOptions().timeZone;
  } catch {
    throw new RangeError(`not an IANA time zone: ${zone}`);
  }
}

/** Logos are shown in every shopper's app, so only https URLs of a sane length are kept. */
export function assertLogoUrl(url: string): string {
  const u = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(u);
  } catch {
    throw new RangeError('the logo must be an https URL');
  }
  if (parsed.protocol !== 'https:' || u.length > 2048)
    throw new RangeError('the logo must be an https URL of at most 2048 characters');
  return u;
}
