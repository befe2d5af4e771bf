import { MikroORM } from '@mikro-orm/postgresql';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoSeeder } from '../../db/seeds/demo.seeder';
import { signIn } from '../support/auth';
import { gql, TestEnv } from '../support/test-env';
import { launchBrowser, listen, offline, screenshot, watch } from './support/browser';
import { firstScreenFigures, seriousA11yViolations, signInThroughPage } from './support/pages';

const MERCHANT_PHONE = '+60123000001';

/**
 * The whole checkout in a browser, against the real API, worker, PostgreSQL and Redis: a new
 * shopper on a 360 px phone signs in, opens the demo shop's chat, adds two products from the
 * catalog, sends the order, sees the payment request, adds the test card, sets a PIN, pays and
 * sees the receipt; the merchant, in a second browser context, sees the order arrive on the board,
 * moves it to shipped, and the shopper sees that status in the chat.
 */
describe('web: shop in the chat and pay, while the merchant ships', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let browser: Browser;
  let shopperContext: BrowserContext;
  let merchantContext: BrowserContext;
  let shopper: Page;
  let merchant: Page;
  let businessId: string;
  let problems: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    await env.worker();
    await api.get(MikroORM).seeder.seed(DemoSeeder);
    // The demo business takes payments into this account (the seed may already give it one).
    const owner = await signIn(env, api, MERCHANT_PHONE);
    businessId = (await gql(api, '{ business(handle: "kedai.demo") { id } }')).body.data.business.id;
    const payout = await gql(
      api,
      'mutation($b: ID!) { setPayoutAccount(businessId: $b, input: { holderName: "Kedai Demo", bankName: "Demo Bank", accountNumber: "12345678" }) { businessId } }',
      { b: businessId },
      owner.auth,
    );
    expect(payout.body.errors).toBeUndefined();
    origin = await listen(api);
    browser = await launchBrowser();
    shopperContext = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: 'en-GB' });
    merchantContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    for (const c of [shopperContext, merchantContext]) expect(await offline(c, origin)).toEqual([]);
    shopper = await shopperContext.newPage();
    merchant = await merchantContext.newPage();
    for (const p of [shopper, merchant]) p.setDefaultTimeout(30_000);
    problems = [...watch(shopper, 'shopper'), ...watch(merchant, 'merchant')];
  });
  afterEach(async () => {
    // Printed, not asserted: some answers are expected refusals. On a failure they say why.
    if (problems.length) console.log(problems.splice(0).join('\n'));
    // The state each step ended in, to look at when one fails.
    const step = (expect.getState().currentTestName ?? 'step').replace(/\W+/g, '-').slice(-40);
    await screenshot(shopper, `end-shopper-${step}`);
    await screenshot(merchant, `end-merchant-${step}`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('shopper: signs in with a phone code (first screen figures printed)', async () => {
    await shopper.goto(`${origin}/`);
    await shopper.getByLabel('Phone number').waitFor();
    const figures = await firstScreenFigures(shopper);
    console.log(JSON.stringify({ scenario: 'web-first-screen', figure: 'js_gzip', value: figures.jsGzipBytes, unit: 'bytes' }));
    console.log(JSON.stringify({ scenario: 'web-first-screen', figure: 'tti', value: figures.ttiMs, unit: 'ms' }));
    expect(await seriousA11yViolations(shopper)).toEqual([]);
    await screenshot(shopper, '01-sign-in');
    await signInThroughPage(shopper, env, origin, '+60123456701');
    await shopper.getByRole('heading', { name: 'Chats' }).waitFor();
    await screenshot(shopper, '02-chats-empty');
  });

  it('shopper: opens the demo shop, adds two products from the catalog and sends the order', async () => {
    await shopper.getByRole('button', { name: 'New chat' }).click();
    await shopper.getByLabel('Shop handle').fill('kedai.demo');
    await shopper.getByRole('button', { name: 'Start chat' }).click();
    await shopper.getByRole('heading', { name: 'Kedai Demo Coffee' }).waitFor();
    await shopper.getByRole('button', { name: 'Catalog' }).click();
    const sheet = shopper.getByRole('dialog', { name: 'Kedai Demo Coffee' });
    const addButtons = sheet.getByRole('button', { name: /^Add .+ to cart$/ });
    await addButtons.first().waitFor();
    expect(await seriousA11yViolations(shopper)).toEqual([]);
    await screenshot(shopper, '03-catalog');
    await addButtons.nth(0).click();
    await sheet.getByRole('tab', { name: 'Cart (1)' }).waitFor();
    await addButtons.nth(1).click();
    await sheet.getByRole('tab', { name: 'Cart (2)' }).click();
    await sheet.getByRole('button', { name: 'Send order' }).waitFor();
    await screenshot(shopper, '04-cart');
    await sheet.getByRole('button', { name: 'Send order' }).click();
    await sheet.waitFor({ state: 'detached' });
    await shopper.locator('[data-kind="ORDER"]').waitFor();
    // The order bot on the worker prices it and asks for the payment.
    await shopper.getByRole('button', { name: 'Review and pay' }).waitFor();
    await screenshot(shopper, '05-payment-request');
  });

  it('merchant: sees the order arrive on the board', async () => {
    await signInThroughPage(merchant, env, origin, MERCHANT_PHONE);
    await merchant.getByRole('link', { name: 'Business' }).click();
    await merchant.getByRole('heading', { name: 'Orders', exact: true }).waitFor();
    await merchant.getByRole('region', { name: 'Awaiting payment' }).locator('.order-card').first().waitFor();
    expect(await seriousA11yViolations(merchant)).toEqual([]);
    await screenshot(merchant, '06-merchant-orders');
  });

  it('shopper: reviews, adds the test card, sets a PIN, pays and sees the receipt', async () => {
    await shopper.getByRole('button', { name: 'Review and pay' }).click();
    const sheet = shopper.getByRole('dialog', { name: 'Review and pay' });
    // A new account must give its date of birth and country before paying.
    await sheet.getByLabel('Date of birth').fill('1990-04-01');
    await sheet.getByRole('button', { name: 'Save' }).click();
    await sheet.getByRole('button', { name: '4242424242424242' }).click();
    await sheet.getByRole('button', { name: 'Save card' }).click();
    await sheet.getByRole('radio', { name: /Visa/ }).waitFor();
    await sheet.getByText('Create a payment PIN').click();
    await sheet.getByLabel('New PIN (4–6 digits)').fill('135790');
    await sheet.getByRole('button', { name: 'Save PIN' }).click();
    await sheet.getByLabel('Payment PIN').waitFor();
    expect(await seriousA11yViolations(shopper)).toEqual([]);
    await screenshot(shopper, '07-review-and-pay');
    await sheet.getByRole('button', { name: /^Pay MYR/ }).click();
    await sheet.getByText('Paid', { exact: false }).first().waitFor();
    await screenshot(shopper, '08-paid');
    await sheet.getByRole('button', { name: 'Done' }).click();
    await shopper.locator('[data-kind="PAYMENT"]').first().waitFor();
    await shopper.locator('[data-kind="ORDER_STATUS"]', { hasText: 'Paid' }).first().waitFor();
    await screenshot(shopper, '09-receipt');
  });

  it('merchant: moves the order to shipped; the shopper sees it in the chat', async () => {
    const paid = merchant.getByRole('region', { name: 'Paid' }).locator('.order-card').first();
    await paid.waitFor();
    await paid.click();
    const detail = merchant.getByRole('dialog', { name: /^Order / });
    await detail.getByRole('button', { name: 'Start processing' }).click();
    await detail.getByRole('button', { name: 'Mark shipped' }).click();
    await detail.getByRole('button', { name: 'Mark completed' }).waitFor();
    await screenshot(merchant, '10-merchant-order-shipped');
    await shopper.locator('[data-kind="ORDER_STATUS"]', { hasText: 'Shipped' }).waitFor();
    await screenshot(shopper, '11-shipped-in-chat');
  });

  it('merchant: refunds part of the order from its detail; the shopper sees the refund in the chat', async () => {
    const detail = merchant.getByRole('dialog', { name: /^Order / });
    await detail.getByRole('heading', { name: 'Refund' }).waitFor();
    await detail.getByRole('radio', { name: 'Part of it' }).check();
    await detail.getByLabel('Amount to refund (MYR)').fill('5');
    await detail.getByLabel('Reason (optional, for your records)').fill('One cup arrived cold');
    await detail.getByRole('button', { name: /^Refund MYR.5\.00$/ }).click();
    // Money leaves the business: a second, explicit step.
    await detail.getByRole('button', { name: 'Yes, refund' }).click();
    await detail.getByText(/^Refunded MYR.5\.00\./).waitFor();
    await detail.locator('.status', { hasText: 'Partly refunded' }).waitFor();
    expect(await seriousA11yViolations(merchant)).toEqual([]);
    await screenshot(merchant, '11a-merchant-refund');
    await shopper.locator('[data-kind="PAYMENT"]', { hasText: 'refunded' }).waitFor();
    await shopper.locator('[data-kind="ORDER_STATUS"]', { hasText: 'Partly refunded' }).waitFor();
    await screenshot(shopper, '11b-shopper-sees-refund');
  });

  it('merchant: checkout settings, balance with the payment, and an API key shown once', async () => {
    await merchant.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await merchant.getByRole('link', { name: 'Checkout' }).click();
    await merchant.getByLabel('Tax rate (%)').waitFor();
    expect(await merchant.getByLabel('Tax rate (%)').inputValue()).toBe('6');
    expect(await seriousA11yViolations(merchant)).toEqual([]);
    await merchant.getByRole('link', { name: 'Balance' }).click();
    await merchant.getByRole('heading', { name: 'Reconciliation' }).waitFor();
    await merchant.getByText(/Balanced: 1 payment/).waitFor();
    await screenshot(merchant, '12-merchant-balance');
    await merchant.getByRole('link', { name: 'API keys' }).click();
    await merchant.getByLabel('Name', { exact: true }).fill('Shop bot');
    await merchant.getByRole('button', { name: 'Create key' }).click();
    await merchant.getByText('Copy this key now').waitFor();
    expect(await merchant.locator('code.secret').textContent()).toMatch(/^kd_/);
    await screenshot(merchant, '13-merchant-api-key');
    await merchant.getByRole('button', { name: 'I have copied it' }).click();
    await merchant.getByRole('cell', { name: 'Shop bot' }).waitFor();
    expect(await merchant.locator('code.secret').count()).toBe(0);
  });
});
