import { get, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { INestApplication } from '@nestjs/common';
import { TestEnv } from '../support/test-env';
import { listen } from './support/browser';

const DIST = join(__dirname, '..', '..', 'apps', 'web', 'dist');

function fetchRaw(url: string, acceptEncoding: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

/**
 * The API serves the built web app's scripts and styles compressed (brotli, else gzip: copies the
 * build wrote once) with the year-long immutable cache of hashed files, and as they are to a client
 * that accepts neither. Prints the first screen's script sizes (bench-style lines; not asserted).
 */
describe('web: compressed, long-cached assets', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let script: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    origin = await listen(api);
    const html = (await fetchRaw(`${origin}/`, 'identity')).body.toString();
    script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
  });
  afterAll(() => env?.close());

  it('sends brotli to a browser that takes it, gzip to one that takes only that, and the file itself otherwise', async () => {
    const original = readFileSync(join(DIST, script));
    const br = await fetchRaw(`${origin}${script}`, 'gzip, deflate, br');
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);

    const gz = await fetchRaw(`${origin}${script}`, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);

    const plain = await fetchRaw(`${origin}${script}`, 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    console.log(JSON.stringify({ scenario: 'web-first-screen', figure: 'main_js_raw', value: original.length, unit: 'bytes' }));
    console.log(JSON.stringify({ scenario: 'web-first-screen', figure: 'main_js_gzip', value: gz.body.length, unit: 'bytes' }));
    console.log(JSON.stringify({ scenario: 'web-first-screen', figure: 'main_js_brotli', value: br.body.length, unit: 'bytes' }));
  });

  it('a missing asset is a 404, whatever the client accepts', async () => {
    expect((await fetchRaw(`${origin}/assets/nothing-here.js`, 'br')).status).toBe(404);
  });
});
