import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { TestEnv } from '../support/test-env';
import { launchBrowser, listen, offline, screenshot } from './support/browser';

/**
 * GraphiQL is bundled by apps/web's Vite build from node_modules (issue 13 item 7): it used to
 * load React and GraphiQL from a CDN and showed a blank page offline. `npm test` builds apps/web
 * before jest runs.
 */
describe('GraphiQL works with the network closed', () => {
  let env: TestEnv;
  let api: INestApplication;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api();
    origin = await listen(api);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it('renders, loads the schema through the API and asks nothing of any other host', async () => {
    const context = await browser.newContext();
    const blocked = await offline(context, origin);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(`${origin}/graphql`);
    await page.locator('.graphiql-container').waitFor();
    // The documentation explorer fills from an introspection query sent to this API.
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.getByText('Root Types').waitFor();
    await page.getByRole('link', { name: 'Query' }).first().waitFor();
    await screenshot(page, 'graphiql');

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is a page for browsers only: programs still get GraphQL answers at GET /graphql', async () => {
    const res = await request(api.getHttpServer())
      .get('/graphql')
      .query({ query: '{ __typename }' })
      .set('accept', 'application/json')
      .set('apollo-require-preflight', 'true')
      .expect(200);
    expect(res.body).toEqual({ data: { __typename: 'Query' } });
  });
});
