import { createHmac, timingSafeEqual } from 'node:crypto';

/** `Psp-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, as Stripe signs. */
export const SIGNATURE_HEADER = 'psp-signature';

export function signPayload(secret: string, rawBody: string | Buffer, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/** Why a signature fails, or null when it holds. Compared in constant time; checked before the body is parsed. */
export function signatureProblem(
  secret: string,
  rawBody: Buffer,
  header: string | undefined,
  toleranceS: number,
  nowS: number,
): string | null {
  if (!header) return 'no signature';
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as [string, string];
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return 'malformed signature';
  if (Math.abs(nowS - t) > toleranceS) return 'timestamp outside the tolerance';
  const expected = Buffer.from(signPayload(secret, rawBody, t).split('v1=')[1], 'hex');
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? null : 'signature mismatch';
}
