import { Redis } from 'ioredis';
import { Client } from 'pg';
import { describeErrors, httpFigures, measureHttp, type LoadOutcome } from '../load';
import type { Figure, Scenario, Stack } from '../scenario';
import { seedCatalog } from '../catalog-seed';
import { BENCH_KEY_PREFIX } from '../stack';

const HANDLE = 'kedai.demo';
const CHANGES_PER_S = 10;
const HEADERS = { 'content-type': 'application/json' };

/** What a shopper's phone asks for when a catalog opens: the first 20 products, ready to draw. */
const PAGE = JSON.stringify({
  query: `query($h:String!){ catalog(handle:$h, first:20){
    edges{ cursor node{ id name description availability
      price{ amount currency formatted } salePrice{ amount formatted } shownPrice{ amount formatted }
      photos{ id width height thumbnail{ webp jpeg } medium{ webp jpeg } large{ webp jpeg } }
      variants{ id sku stock options{ name value } price{ amount formatted } shownPrice{ amount formatted } } } }
    pageInfo{ hasNextPage endCursor } } }`,
  variables: { h: HANDLE },
});

async function check(stack: Stack, body: string, ok: (text: string) => boolean): Promise<string | null> {
  const res = await fetch(`${stack.baseUrl}/graphql`, {
    method: 'POST',
    headers: HEADERS,
    body,
    signal: AbortSignal.any([stack.signal, AbortSignal.timeout(10_000)]),
  });
  const text = await res.text();
  if (res.status !== 200) return `HTTP ${res.status}: ${text.slice(0, 300)}`;
  return ok(text) ? null : `unexpected answer: ${text.slice(0, 300)}`;
}

/** What shoppers type: whole words, half-typed words and typos, in the catalog with its 10,000 products. */
const SEARCH_WORDS = [
  'kopi',
  'teh tarik',
  'nasi lem',
  'sambal pedas',
  'batik',
  'rotti canai',
  'kuih',
  'songkt',
  'pandan wangi',
  'rattan',
];
const SEARCHES = SEARCH_WORDS.map((q) =>
  JSON.stringify({
    query: `query($h:String!,$q:String!){ searchProducts(handle:$h, query:$q, first:20){
      edges{ node{ id name shownPrice{ amount formatted } photos{ id thumbnail{ webp jpeg } } } }
      pageInfo{ hasNextPage endCursor } } }`,
    variables: { h: HANDLE, q },
  }),
);
const searchOk = (text: string) => !text.includes('"errors"') && text.includes('"edges"');

const pageOk = (text: string) => !text.includes('"errors"') && (text.match(/"cursor"/g) ?? []).length === 20;

function renamed(figures: Figure[], prefix: string): Figure[] {
  return figures.map((f) => ({ ...f, figure: `${prefix}${f.figure}` }));
}

/**
 * The shopper's catalog: 10,000 products seeded into the demo business, then 50 connections
 * loading the first page of 20 with prices, photos and variants; then 50 connections searching
 * that catalog with ten different queries in turn (words, half-typed words, typos).
 */
export const scenario: Scenario = {
  name: 'catalog',
  description:
    'catalog(handle) first page of 20 products with photos and variants, of 10,000; then searchProducts in that catalog',

  async run(stack) {
    process.stderr.write('bench: seeding 10,000 products\n');
    const db = new Client({ connectionString: stack.databaseUrl });
    await db.connect();
    try {
      await seedCatalog(db, HANDLE, 10_000);
    } finally {
      await db.end();
    }
    const failures: string[] = [];
    const problem = await check(stack, PAGE, pageOk);
    if (problem) return { figures: [], failures: [`catalog page: ${problem}`] };

    for (const body of SEARCHES) {
      const searchProblem = await check(stack, body, (text) => searchOk(text) && text.includes('"id"'));
      if (searchProblem) return { figures: [], failures: [`search: ${searchProblem}`] };
    }

    const page: LoadOutcome = await measureHttp(stack, {
      path: '/graphql',
      method: 'POST',
      headers: HEADERS,
      body: PAGE,
      verifyBody: pageOk,
    });
    const pageFailure = describeErrors(page);
    if (pageFailure) failures.push(`catalog page: ${pageFailure}`);
    if (stack.signal.aborted) return { figures: [], failures };

    process.stderr.write(`bench: search, ${SEARCHES.length} queries in turn\n`);
    const search = await measureHttp(stack, {
      path: '/graphql',
      method: 'POST',
      headers: HEADERS,
      bodies: SEARCHES,
      verifyBody: searchOk,
    });
    const searchFailure = describeErrors(search);
    if (searchFailure) failures.push(`search: ${searchFailure}`);
    const searchFigures = renamed(httpFigures(search), 'search_').filter((f) => f.figure !== 'search_rss_mb');
    if (stack.signal.aborted) return { figures: [], failures };

    // The page again while the catalog changes ten times a second somewhere (as a busy platform's
    // merchants would): every change makes every cached answer stale, so this is the cache under churn.
    process.stderr.write(`bench: page while the catalog changes ${CHANGES_PER_S} times a second\n`);
    const redis = new Redis(stack.redisUrl, { lazyConnect: true });
    await redis.connect();
    const timer = setInterval(
      () => void redis.publish(`${BENCH_KEY_PREFIX}:catalog:changed`, 'bench').catch(() => undefined),
      1000 / CHANGES_PER_S,
    );
    let churn: LoadOutcome;
    try {
      churn = await measureHttp(stack, { path: '/graphql', method: 'POST', headers: HEADERS, body: PAGE, verifyBody: pageOk });
    } finally {
      clearInterval(timer);
      redis.disconnect();
    }
    const churnFailure = describeErrors(churn);
    if (churnFailure) failures.push(`page under changes: ${churnFailure}`);
    const churnFigures = renamed(httpFigures(churn), 'churn_').filter((f) => f.figure !== 'churn_rss_mb');
    return { figures: [...httpFigures(page), ...searchFigures, ...churnFigures], failures };
  },
};
