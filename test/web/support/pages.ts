import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { lastCodeFor } from '../../support/auth';
import type { TestEnv } from '../../support/test-env';

const AXE = require.resolve('axe-core/axe.min.js');
const DIST = join(__dirname, '..', '..', '..', 'apps', 'web', 'dist');

/** Signs in through the page as a person would: phone, the code the development sender wrote, done. */
export async function signInThroughPage(page: Page, env: TestEnv, origin: string, phone: string): Promise<void> {
  await page.goto(`${origin}/`);
  await page.getByLabel('Phone number').fill(phone);
  await page.getByRole('button', { name: 'Send code' }).click();
  await page.getByText('Development: codes are not texted').waitFor();
  const code = await eventuallyCode(env, phone);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function eventuallyCode(env: TestEnv, phone: string): Promise<string> {
  for (let i = 0; ; i++) {
    try {
      return await lastCodeFor(env, phone);
    } catch (e) {
      if (i > 50) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** axe-core in the page: the serious and critical violations (none is the bar), named for the failure message. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  // Runs in the page; this project's Node tsconfig has no DOM types, hence the structural cast.
  type Axe = { run: (ctx: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
  const violations = await page.evaluate(async () => {
    const g = globalThis as unknown as { axe: Axe; document: unknown };
    const result = await g.axe.run(g.document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.targets.join(', ')}`);
}

/**
 * The first screen's cost: gzip size of every script the page loaded (the built files, gzipped here
 * the way a CDN or reverse proxy would send them) and the time from navigation to an interactive
 * sign-in form. Printed as bench-style JSON lines; never asserted (timing is not a test).
 */
export async function firstScreenFigures(page: Page): Promise<{ jsGzipBytes: number; ttiMs: number; scripts: string[] }> {
  const scripts = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.endsWith('.js')),
  );
  const jsGzipBytes = scripts.reduce((n, p) => n + gzipSync(readFileSync(join(DIST, p))).length, 0);
  // The app marks the moment its first screen can take input (apps/web/src/main.tsx).
  const ttiMs = await page.evaluate(() => performance.getEntriesByName('kedai:interactive')[0]?.startTime ?? -1);
  return { jsGzipBytes, ttiMs: Math.round(ttiMs), scripts };
}
