import { RequestContext } from '@kedai/core';
import { actorScope, keyReference, LEASE_MS, RENEW_EVERY_MS, stableJson, WAIT_MAX_MS } from './idempotency.service';

describe('idempotency helpers', () => {
  it('hashes parameters the same whatever the order of their keys, and leaves out undefined', () => {
    expect(stableJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      stableJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(stableJson({ a: 1, b: undefined })).toBe(stableJson({ a: 1 }));
    expect(stableJson({ a: '1' })).not.toBe(stableJson({ a: 1 }));
  });

  it('scopes keys by who acts and what they do, so two callers never share a key', () => {
    const a = new RequestContext('r1', { kind: 'person', personId: 'p1', sessionId: 's' });
    const b = new RequestContext('r2', { kind: 'person', personId: 'p2', sessionId: 's' });
    expect(actorScope(a, 'order.pay')).toBe('person:p1:order.pay');
    expect(actorScope(a, 'order.pay')).not.toBe(actorScope(b, 'order.pay'));
    expect(actorScope(RequestContext.system('job'), 'x')).toBe('system:x');
  });

  it('derives a stable, bounded PSP reference from a scope and key, different for any other pair', () => {
    const ref = keyReference('person:p1:wallet.top-up', 'k-1');
    expect(ref).toBe(keyReference('person:p1:wallet.top-up', 'k-1'));
    expect(ref).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(keyReference('person:p1:wallet.top-up', 'k-2')).not.toBe(ref);
    expect(keyReference('person:p2:wallet.top-up', 'k-1')).not.toBe(ref);
  });

  it('renews a lease well inside its length, and lets a duplicate wait longer than a lease', () => {
    expect(RENEW_EVERY_MS * 3).toBeLessThan(LEASE_MS + 1);
    expect(WAIT_MAX_MS).toBeGreaterThan(LEASE_MS);
  });
});
