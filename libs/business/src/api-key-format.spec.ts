import { generateApiKey, hashSecret, parseApiKey, sameHash } from './api-key-format';

describe('API key format', () => {
  it('makes kd_<12 hex>_<43 base64url> keys whose stored hash is of the secret part', () => {
    const key = generateApiKey();
    expect(key.plaintext).toMatch(/^kd_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parts = parseApiKey(key.plaintext)!;
    expect(parts.prefix).toBe(key.prefix);
    expect(hashSecret(parts.secret)).toBe(key.secretHash);
    expect(key.secretHash).toHaveLength(43);
    expect(key.secretHash).not.toContain(parts.secret);
  });

  it('never makes the same key twice', () => {
    const keys = Array.from({ length: 200 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(200);
    expect(new Set(keys.map((k) => k.plaintext)).size).toBe(200);
  });

  it('reads a secret that itself contains underscores', () => {
    const secret = `${'_'.repeat(10)}${'a'.repeat(33)}`;
    expect(parseApiKey(`kd_0123456789ab_${secret}`)).toEqual({ prefix: '0123456789ab', secret });
  });

  it.each([
    ['empty', ''],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.e30.abc'],
    ['no secret', 'kd_0123456789ab_'],
    ['a short secret', `kd_0123456789ab_${'a'.repeat(42)}`],
    ['a long secret', `kd_0123456789ab_${'a'.repeat(44)}`],
    ['an upper-case prefix', `kd_0123456789AB_${'a'.repeat(43)}`],
    ['another vendor’s prefix', `sk_0123456789ab_${'a'.repeat(43)}`],
    ['characters outside base64url', `kd_0123456789ab_${'a'.repeat(42)}+`],
  ])('refuses %s', (_why, raw) => {
    expect(parseApiKey(raw)).toBeNull();
  });

  it('compares hashes exactly, and unequal lengths without throwing', () => {
    const h = hashSecret('s');
    expect(sameHash(h, hashSecret('s'))).toBe(true);
    expect(sameHash(h, hashSecret('t'))).toBe(false);
    expect(sameHash(h, h.slice(1))).toBe(false);
  });
});
