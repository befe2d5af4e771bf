import type { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import { signIn, uniquePhone } from '../support/auth';
import { gql, TestEnv } from '../support/test-env';
import { launchBrowser, listen, offline, screenshot, watch } from './support/browser';
import { seriousA11yViolations, signInThroughPage } from './support/pages';

const PROFILE = 'mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id } }';

/**
 * Two people split a bill in a group, in two browsers against the real stack: Aisyah makes a
 * group with Ben and Chong, asks for MYR 30.00 split evenly (the split is shown before she sends
 * it), and Ben opens the request in the group, sees who owes what, and pays his MYR 15.00 with the
 * test card; Aisyah sees his payment arrive in the group.
 */
describe('web: split a bill in a group', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let browser: Browser;
  let aisyah: Page;
  let ben: Page;
  const phones = { aisyah: uniquePhone(), ben: uniquePhone(), chong: uniquePhone() };
  let problems: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    await env.worker();
    for (const [name, phone] of Object.entries(phones)) {
      const who = await signIn(env, api, phone);
      const display = name[0].toUpperCase() + name.slice(1);
      const res = await gql(api, PROFILE, { i: { displayName: display, dateOfBirth: '1991-06-15', country: 'MY' } }, who.auth);
      expect(res.body.errors).toBeUndefined();
    }
    origin = await listen(api);
    browser = await launchBrowser();
    const a = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const b = await browser.newContext({ viewport: { width: 360, height: 740 } });
    for (const c of [a, b]) await offline(c, origin);
    aisyah = await a.newPage();
    ben = await b.newPage();
    for (const p of [aisyah, ben]) p.setDefaultTimeout(30_000);
    problems = [...watch(aisyah, 'aisyah'), ...watch(ben, 'ben')];
  });
  afterEach(async () => {
    if (problems.length) console.log(problems.splice(0).join('\n'));
    const step = (expect.getState().currentTestName ?? 'step').replace(/\W+/g, '-').slice(-30);
    await screenshot(ben, `end-ben-${step}`);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('Aisyah makes the group and asks for MYR 30.00, split evenly and shown before sending', async () => {
    await signInThroughPage(aisyah, env, origin, phones.aisyah);
    await aisyah.getByRole('button', { name: 'New chat' }).click();
    await aisyah.getByRole('tab', { name: 'Group' }).click();
    await aisyah.getByLabel('Group name').fill('Dinner');
    await aisyah.getByLabel('Members’ phone numbers').fill(`${phones.ben}\n${phones.chong}`);
    await aisyah.getByRole('button', { name: 'Start chat' }).click();
    await aisyah.getByRole('heading', { name: 'Dinner' }).waitFor();
    await aisyah.getByRole('button', { name: 'Request' }).click();
    const sheet = aisyah.getByRole('dialog', { name: 'Request money' });
    await sheet.getByLabel('Total to split (MYR)').fill('30');
    // Evenly between the two others: the shares show before anything is sent.
    await sheet.getByText('MYR 15.00').first().waitFor();
    expect(await sheet.getByText('MYR 15.00').count()).toBe(2);
    expect(await seriousA11yViolations(aisyah)).toEqual([]);
    await screenshot(aisyah, '20-group-split');
    await sheet.getByRole('button', { name: 'Send request' }).click();
    await sheet.getByText('Your request is in the chat.').waitFor();
    await sheet.getByRole('button', { name: 'Done' }).click();
    await aisyah.locator('[data-kind="PAYMENT_REQUEST"]').first().waitFor();
  });

  it('Ben sees who owes what and pays his share; Aisyah sees it arrive', async () => {
    await signInThroughPage(ben, env, origin, phones.ben);
    await ben.getByRole('link', { name: /Dinner/ }).click();
    const request = ben.locator('[data-kind="PAYMENT_REQUEST"]').first();
    await request.getByRole('button', { name: 'Pay' }).click();
    const sheet = ben.getByRole('dialog', { name: 'Pay request' });
    await sheet.getByText('You: MYR 15.00', { exact: false }).waitFor();
    await sheet.getByText('Chong: MYR 15.00', { exact: false }).waitFor();
    await sheet.getByRole('button', { name: '4242424242424242' }).click();
    await sheet.getByRole('button', { name: 'Save card' }).click();
    await sheet.getByRole('radio', { name: /Visa/ }).waitFor();
    await screenshot(ben, '21-pay-my-share');
    await sheet.getByRole('button', { name: /^Pay MYR 15\.00/ }).click();
    await sheet.getByRole('button', { name: 'Done' }).click();
    await aisyah.locator('[data-kind="PAYMENT"]').first().waitFor();
    await screenshot(aisyah, '22-group-share-paid');
  });
});
