import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys read `kd_<prefix>_<secret>`: a 12-hex-digit public prefix that finds the row, and a
 * secret of 32 random bytes (base64url) of which only the SHA-256 is kept. A slow hash would
 * add nothing: 256 random bits cannot be guessed, and keys are checked on every request.
 */
const KEY_PATTERN = /^kd_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  prefix: string;
  secretHash: string;
  /** Shown to the creator once; never stored or logged. */
  plaintext: string;
}

export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secretHash: hashSecret(secret), plaintext: `kd_${prefix}_${secret}` };
}

/** The parts of a presented key, or null when it is not shaped like one of ours. */
export function parseApiKey(raw: string): { prefix: string; secret: string } | null {
  const m = KEY_PATTERN.exec(raw.trim());
  return m ? { prefix: m[1], secret: m[2] } : null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** Constant-time comparison, so response times do not reveal how much of a hash matched. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
