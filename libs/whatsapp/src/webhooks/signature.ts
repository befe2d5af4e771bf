import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Meta signs webhooks with, and Kedai signs its own: `sha256=<hex HMAC-SHA256 of the body>`. */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * JSON as Meta writes webhook bodies: every character outside ASCII as a `\uXXXX` escape. Receivers
 * (whatsapp-api-js among them) escape the body they got the same way before checking the HMAC.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\0-~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function signBody(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Whether `header` signs `body` with `secret`: compared in constant time, and checked on the raw
 * bytes before anything parses them. A missing or malformed header is simply false.
 */
export function signatureHolds(secret: string, body: Buffer, header: string | undefined): boolean {
  const m = /^sha256=([0-9a-f]{64})$/.exec(header?.trim() ?? '');
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}
