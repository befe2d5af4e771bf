import { signatureProblem, signPayload } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'x'.repeat(32);
  const body = Buffer.from('{"id":"evt_1"}');
  it('accepts its own signature within the tolerance', () => {
    expect(signatureProblem(secret, body, signPayload(secret, body, 1000), 300, 1200)).toBeNull();
  });
  it('refuses another body, another secret, an old timestamp and junk', () => {
    const sig = signPayload(secret, body, 1000);
    expect(signatureProblem(secret, Buffer.from('{"id":"evt_2"}'), sig, 300, 1000)).toBe('signature mismatch');
    expect(signatureProblem('y'.repeat(32), body, sig, 300, 1000)).toBe('signature mismatch');
    expect(signatureProblem(secret, body, sig, 300, 1301)).toBe('timestamp outside the tolerance');
    expect(signatureProblem(secret, body, 't=abc,v1=zz', 300, 1000)).toBe('malformed signature');
    expect(signatureProblem(secret, body, undefined, 300, 1000)).toBe('no signature');
  });
});
