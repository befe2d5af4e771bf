import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where browser tests write screenshots of the main screens (named in the README). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-results', 'screenshots');

/** Headless chromium as root on a machine with no outside network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Starts a Nest app (from TestEnv.api) on an ephemeral loopback port and answers its origin. */
export async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Closes the network for a browser context: every request to another origin is aborted and
 * recorded, so a page that needs a CDN fails visibly and the test can name what it tried.
 */
export async function offline(context: BrowserContext, origin: string): Promise<string[]> {
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  return blocked;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/**
 * Collects what went wrong in a page (uncaught errors, console errors, GraphQL errors in answers),
 * for a failing test to print: a browser test that only says "timed out" is hard to fix.
 */
export function watch(page: Page, name: string): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`${name} pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`${name} console: ${m.text()}`));
  page.on('response', async (r) => {
    if (!r.url().includes('/graphql')) return;
    if (r.status() >= 400) problems.push(`${name} HTTP ${r.status()} ${r.request().method()} ${r.url().slice(0, 120)}`);
    const body = (await r.json().catch(() => null)) as {
      errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
    } | null;
    for (const e of body?.errors ?? []) problems.push(`${name} graphql: ${e.extensions?.code} ${e.path?.join('.')} ${e.message}`);
  });
  return problems;
}
