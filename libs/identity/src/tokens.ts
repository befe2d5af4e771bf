import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A high-entropy secret for a client to hold (refresh tokens, API keys): 32 random bytes. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Hash of a high-entropy secret for storage and lookup. SHA-256 suffices here: 256 random bits
 * cannot be guessed, so slow hashing (argon2) would only cost time on every request.
 */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/** A 6-digit one-time code, uniformly random. */
export function newCode(): string {
  return randomInt(0, 1_000_000).toString().padStart(6, '0');
}

/**
 * A one-time code is low-entropy (10^6), so it is stored as an HMAC under a server secret and
 * bound to the phone: a database leak alone does not reveal codes, even by brute force.
 */
export function codeHash(secret: string, phone: string, code: string): string {
  return createHmac('sha256', secret).update(`${phone}:${code}`).digest('base64url');
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
