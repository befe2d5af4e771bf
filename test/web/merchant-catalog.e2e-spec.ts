import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { DemoSeeder } from '../../db/seeds/demo.seeder';
import { signIn, type SignedIn } from '../support/auth';
import { eventually, gql, TestEnv } from '../support/test-env';
import { launchBrowser, listen, offline, screenshot, watch } from './support/browser';
import { seriousA11yViolations, signInThroughPage } from './support/pages';

const MERCHANT_PHONE = '+60123000001';
const INVITEE = '+60123999888';

/**
 * The merchant's console in a browser against the real API, worker, PostgreSQL and Redis: the
 * demo shop's owner creates a product with a photo and two variants, reorders the collections (by
 * dragging) and a collection's products (from the keyboard), imports a CSV with one bad row and
 * sees that row's error (nothing imported), then a good one; edits the opening hours and invites a
 * member. Each step is checked through the API as well as on the page, with axe on every screen.
 */
describe('web: the merchant edits the catalog, the profile and the members', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let owner: SignedIn;
  let businessId: string;
  let problems: string[] = [];
  const q = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await gql(api, query, variables, owner.auth);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };
  const collectionNames = async () =>
    (await q('query($b: ID!) { businessCollections(businessId: $b) { name productIds } }', { b: businessId }))
      .businessCollections as { name: string; productIds: string[] }[];

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    await env.worker();
    await api.get(MikroORM).seeder.seed(DemoSeeder);
    owner = await signIn(env, api, MERCHANT_PHONE);
    businessId = (await gql(api, '{ business(handle: "kedai.demo") { id } }')).body.data.business.id;
    origin = await listen(api);
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'en-GB' });
    expect(await offline(context, origin)).toEqual([]);
    page = await context.newPage();
    page.setDefaultTimeout(30_000);
    problems = watch(page, 'merchant');
    await signInThroughPage(page, env, origin, MERCHANT_PHONE);
  });
  afterEach(async () => {
    if (problems.length) console.log(problems.splice(0).join('\n'));
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('lists the catalog, hidden products included, and searches it', async () => {
    await page.getByRole('link', { name: 'Business' }).click();
    await page.getByRole('link', { name: 'Catalog' }).click();
    const list = page.locator('.product-rows');
    await list
      .getByRole('button', { name: /^Edit / })
      .first()
      .waitFor();
    expect(await list.getByRole('button', { name: /^Edit / }).count()).toBe(6);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, '20-merchant-catalog');
    await page.getByRole('searchbox', { name: 'Search by name or SKU' }).fill('zzz-nothing');
    await page.getByText('No product matches “zzz-nothing”.').waitFor();
    await page.getByRole('searchbox', { name: 'Search by name or SKU' }).fill('');
    await list
      .getByRole('button', { name: /^Edit / })
      .nth(5)
      .waitFor();
  });

  it('creates a product with a photo (previewed) and two variants', async () => {
    await page.getByRole('button', { name: 'New product' }).click();
    const sheet = page.getByRole('dialog', { name: 'New product' });
    await sheet.getByLabel('Name', { exact: true }).fill('Kopi Gula Apong');
    await sheet.getByLabel('SKU', { exact: true }).fill('KGA');
    await sheet.getByLabel('Price (MYR)', { exact: true }).fill('14.50');
    await sheet.getByLabel('Description').fill('Iced white coffee with nipah palm sugar.');
    const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#8d5b3c' } })
      .png()
      .toBuffer();
    await sheet.getByLabel('Add photos').setInputFiles({ name: 'kopi.png', mimeType: 'image/png', buffer: png });
    const preview = sheet.getByRole('img', { name: 'Photo 1 of Kopi Gula Apong' });
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toMatch(/^\/media\/.+\/thumbnail\.webp$/);
    expect(await preview.evaluate((img: { naturalWidth: number }) => img.naturalWidth)).toBeGreaterThan(0);

    await sheet.getByRole('button', { name: 'Add an option' }).click();
    await sheet.getByLabel('Option 1 name').fill('Size');
    await sheet.getByRole('button', { name: 'Add a variant' }).click();
    await sheet.getByRole('button', { name: 'Add a variant' }).click();
    const first = sheet.getByRole('listitem', { name: 'Variant 1' });
    const second = sheet.getByRole('listitem', { name: 'Variant 2' });
    await first.getByLabel('Size').fill('Regular');
    await first.getByLabel('Stock').fill('20');
    await second.getByLabel('Size').fill('Large');
    await second.getByLabel(/^Price, if not/).fill('16.90');
    await second.getByLabel('Stock').fill('8');
    // A bad amount is named at its field and nothing is sent.
    await sheet.getByLabel('Sale price (optional) (MYR)').fill('20');
    await sheet.getByRole('button', { name: 'Create product' }).click();
    await sheet.getByText('Must be below the price').waitFor();
    await sheet.getByLabel('Sale price (optional) (MYR)').fill('');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, '21-merchant-product-editor');
    await sheet.getByRole('button', { name: 'Create product' }).click();
    await sheet.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: /^Edit Kopi Gula Apong/ }).waitFor();

    const made = (
      await q(
        'query($b: ID!) { businessProducts(businessId: $b, search: "KGA") { edges { node { name price { amount } photos { id } variants { sku stock price { amount } options { name value } } } } } }',
        {
          b: businessId,
        },
      )
    ).businessProducts.edges[0].node;
    expect(made).toEqual({
      name: 'Kopi Gula Apong',
      price: { amount: '1450' },
      photos: [{ id: expect.any(String) }],
      variants: [
        { sku: 'KGA-1', stock: 20, price: { amount: '1450' }, options: [{ name: 'Size', value: 'Regular' }] },
        { sku: 'KGA-2', stock: 8, price: { amount: '1690' }, options: [{ name: 'Size', value: 'Large' }] },
      ],
    });
    // Shoppers see it: it has a photo.
    const shown = await gql(api, '{ searchProducts(handle: "kedai.demo", query: "gula apong") { edges { node { name } } } }');
    expect(shown.body.data.searchProducts.edges.map((e: { node: { name: string } }) => e.node.name)).toContain('Kopi Gula Apong');
  });

  it('reorders the collections by dragging, and a collection’s products from the keyboard', async () => {
    const before = await collectionNames();
    expect(before.length).toBeGreaterThanOrEqual(2);
    const section = page.getByRole('region', { name: 'Collections' });
    const rows = section.getByRole('list', { name: 'Collections' }).locator(':scope > li');
    await rows.first().dragTo(rows.nth(1));
    await page.getByText(`${before[0]!.name} moved to position 2 of ${before.length}.`).waitFor();
    const reordered = [before[1]!.name, before[0]!.name, ...before.slice(2).map((c) => c.name)].join(' | ');
    await eventually(async () => (await collectionNames()).map((c) => c.name).join(' | ') === reordered, 'collections reordered');

    // A collection with two products or more, opened: its first product moves down one place with the arrow key.
    const opened = (await collectionNames()).find((c) => c.productIds.length >= 2)!;
    expect(opened).toBeDefined();
    await section.getByRole('button', { name: opened.name, exact: true }).click();
    const inner = section.getByRole('list', { name: `Products in ${opened.name}` });
    await inner.getByRole('button', { name: /^Move .+; position 1 of/ }).focus();
    await page.keyboard.press('ArrowDown');
    // Focus stays on the moved product's handle, now at position 2.
    const focused = () =>
      page.evaluate(() =>
        (
          globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } } }
        ).document.activeElement.getAttribute('aria-label'),
      );
    await eventually(async () => /; position 2 of/.test((await focused()) ?? ''), 'focus on the moved handle');
    const wanted = [opened.productIds[1], opened.productIds[0], ...opened.productIds.slice(2)].join();
    await eventually(
      async () => (await collectionNames()).find((c) => c.name === opened.name)!.productIds.join() === wanted,
      'products reordered',
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '22-merchant-collections');
  });

  it('imports a CSV: a bad row is named and nothing is written; the fixed file imports', async () => {
    const header = 'id,title,description,availability,price,sale_price,inventory,item_group_id,size,color,status';
    const bad = [
      header,
      'CSV-A,Roti Bakar,,in stock,6.50 MYR,,30,,,,active',
      'CSV-B,Half-boiled eggs,,in stock,lots,,,,,,active',
    ].join('\n');
    const section = page.getByRole('region', { name: 'Import and export' });
    await section
      .getByLabel('CSV file to import')
      .setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await section.getByRole('button', { name: 'Import', exact: true }).click();
    await section.getByText('Nothing was imported: 1 problem to fix.').waitFor();
    const errorRow = section.locator('table.import-errors tbody tr');
    expect(await errorRow.count()).toBe(1);
    expect(await errorRow.locator('td').nth(0).textContent()).toBe('3');
    expect(await errorRow.locator('td').nth(1).textContent()).toBe('price');
    expect(
      (
        await q('query($b: ID!) { businessProducts(businessId: $b, search: "CSV-") { edges { node { id } } } }', {
          b: businessId,
        })
      ).businessProducts.edges,
    ).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '23-merchant-csv-import-error');

    const good = bad.replace('lots', '4.20 MYR');
    await section
      .getByLabel('CSV file to import')
      .setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await section.getByRole('button', { name: 'Import', exact: true }).click();
    await section.getByText('Imported: 2 created, 0 updated, 0 unchanged.').waitFor();
    await page.getByRole('button', { name: /^Edit Half-boiled eggs/ }).waitFor();
    await section.getByRole('button', { name: 'Export CSV' }).click();
    const link = section.getByRole('link', { name: 'Download catalog.csv' });
    await link.waitFor();
    const download = await Promise.all([page.waitForEvent('download'), link.click()]).then(([d]) => d);
    expect(download.suggestedFilename()).toBe('catalog.csv');
  });

  it('edits the opening hours', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Opening hours' }).waitFor();
    const monday = page.getByRole('group', { name: 'Monday' });
    for (const remove of await monday.getByRole('button', { name: /^Remove Monday/ }).all()) await remove.click();
    await page.getByRole('button', { name: 'Add hours to Monday' }).click();
    await monday.getByLabel('Monday opens').fill('08:00');
    await monday.getByLabel('Monday closes').fill('07:00');
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    await monday.getByText('Closes before it opens').waitFor();
    await monday.getByLabel('Monday closes').fill('17:30');
    await page.getByRole('button', { name: 'Copy Monday to Tuesday–Friday' }).click();
    await page.getByRole('button', { name: 'Save opening hours' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    const hours = (await q('{ business(handle: "kedai.demo") { openingHours { monday { open close } friday { open close } } } }'))
      .business.openingHours;
    expect(hours).toEqual({ monday: [{ open: '08:00', close: '17:30' }], friday: [{ open: '08:00', close: '17:30' }] });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'Opening hours' }).scrollIntoViewIfNeeded();
    await screenshot(page, '24-merchant-opening-hours');
  });

  it('invites a member', async () => {
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.getByLabel('Phone number').fill(INVITEE);
    await page.getByLabel('Role', { exact: true }).selectOption('ADMIN');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${INVITEE}.`).waitFor();
    await page.getByRole('button', { name: `Revoke invitation to ${INVITEE}` }).waitFor();
    const invitations = (
      await q('query($b: ID!) { businessInvitations(businessId: $b) { phone role status } }', { b: businessId })
    ).businessInvitations;
    expect(invitations).toContainEqual({ phone: INVITEE, role: 'ADMIN', status: 'PENDING' });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, '25-merchant-members');
  });

  it('fits a 360 px phone', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('button', { name: /^Edit Kopi Gula Apong/ }).waitFor();
    const overflow = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } })
        .document;
      return d.documentElement.scrollWidth - d.documentElement.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, '26-merchant-catalog-phone');
    await page.getByRole('button', { name: /^Edit Kopi Gula Apong/ }).click();
    await page.getByRole('dialog', { name: 'Edit product' }).getByRole('listitem', { name: 'Variant 2' }).waitFor();
    await screenshot(page, '27-merchant-product-phone');
  });
});
