import { randomBytes } from 'node:crypto';

/**
 * Meta's verification request, as Kedai makes it to a business's callback: a GET with
 * `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`; the endpoint must answer 200 with
 * the challenge as its body. Returns why it failed, or null.
 */
export async function verifyCallback(callbackUrl: string, verifyToken: string, timeoutMs = 10_000): Promise<string | null> {
  const challenge = String(randomBytes(6).readUIntBE(0, 6));
  const url = new URL(callbackUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    const body = (await res.text()).trim();
    if (!res.ok) return `it answered ${res.status}`;
    return body === challenge ? null : 'it did not answer with hub.challenge';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
