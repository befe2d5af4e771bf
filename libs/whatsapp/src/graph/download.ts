/**
 * Fetches a file with a cap on its size and time, reading the body as it streams so an endless
 * or oversized response is cut off rather than buffered.
 */
export async function downloadBytes(
  url: string,
  options: { maxBytes: number; timeoutMs?: number; headers?: Record<string, string> },
): Promise<{ bytes: Buffer; contentType: string | null }> {
  const res = await fetch(url, {
    headers: options.headers,
    signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    redirect: 'follow',
  });
  if (!res.ok || !res.body) throw new Error(`it answered ${res.status}`);
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes) throw new Error(`larger than ${options.maxBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += (chunk as Uint8Array).length;
    if (size > options.maxBytes) throw new Error(`larger than ${options.maxBytes} bytes`);
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { bytes: Buffer.concat(chunks), contentType: res.headers.get('content-type') };
}
