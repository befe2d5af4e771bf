/**
 * Characters a string from outside may not carry. PostgreSQL refuses NUL in `text` and in `jsonb`
 * ("invalid byte sequence for encoding UTF8: 0x00", "unsupported Unicode escape sequence"), and a
 * lone UTF-16 surrogate cannot be stored as UTF-8 at all (JSON.stringify writes it as `\ud800`,
 * which jsonb refuses). Other control characters are legal text (tabs, newlines) and pass.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or null when it can. */
export function unsafeTextReason(value: string): string | null {
  const match = UNSAFE.exec(value);
  if (!match) return null;
  return match[0] === '\u0000'
    ? 'must not contain a NUL character (\\u0000)'
    : 'must be valid Unicode text (it has an unpaired surrogate)';
}
