/** 3–30 characters: lower-case letters, digits, dots and underscores, not starting or ending with a dot or underscore. */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9._]{1,28})[a-z0-9]$/;

export function normaliseHandle(handle: string): string {
  return handle.trim().toLowerCase();
}

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

export function assertCountry(code: string): string {
  const c = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(c) || new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' }).of(c) === undefined) {
    throw new RangeError(`not an ISO-3166 country: ${code}`);
  }
  return c;
}
