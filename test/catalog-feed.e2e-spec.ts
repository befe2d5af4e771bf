import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { MikroORM, RequestContext as OrmContext } from '@mikro-orm/postgresql';
import request from 'supertest';
import { RequestContext } from '@kedai/core';
import { CatalogFeedProcessor } from '@kedai/catalog/feed/catalog-feed.processor';
import { FeedRuns } from '@kedai/catalog/feed/feed-runs';
import { FeedSweeper } from '@kedai/catalog/feed/feed-sweeper';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refused } from './support/business-access';
import { eventually, TestEnv } from './support/test-env';

const IMPORT = `mutation($b: ID!, $csv: String!) { importCatalog(businessId: $b, csv: $csv) { id kind status totalRows processedRows } }`;
const EXPORT = `mutation($b: ID!) { exportCatalog(businessId: $b) { id kind status downloadPath } }`;
const RUN = `query($id: ID!) { catalogImport(id: $id) {
  id kind status totalRows processedRows createdCount updatedCount unchangedCount errorCount
  errors { row column message } downloadPath csv finishedAt } }`;
const RUNS = `query($b: ID!, $first: Int) { catalogImports(businessId: $b, first: $first) { id kind status } }`;

const FEED = [
  'id,title,description,availability,price,sale_price,inventory,item_group_id,size,color,status',
  'KOPI,Kopi O,"Strong, black",in stock,3.50 MYR,,12,,,,active',
  'TEH,Teh Tarik,,out of stock,4.00 MYR,3.50 MYR,,,,,',
  'TEE-S,Tee,Cotton,in stock,25.00 MYR,,5,TEE,S,red,',
  'TEE-L,Tee,Cotton,in stock,27.00 MYR,,0,TEE,L,red,',
].join('\n');

describe('catalog feeds: CSV import and export on the worker', () => {
  let env: TestEnv;
  let api: INestApplication;
  let worker: INestApplicationContext;
  let owner: SignedIn;
  let business: { id: string; handle: string };
  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;
  const count = async (text: string, params: unknown[] = []) => Number((await sql(text, params))[0].n);
  const events = (businessId: string) =>
    count(`select count(*) n from outbox where name = 'catalog.product-changed' and payload->>'businessId' = $1`, [businessId]);

  /** Imports and waits for the worker to finish; returns the finished run. */
  async function runImport(who: SignedIn, businessId: string, csv: string) {
    const { importCatalog } = await ok(api, who.auth, IMPORT, { b: businessId, csv });
    expect(importCatalog).toMatchObject({ kind: 'IMPORT', status: 'QUEUED', totalRows: 0, processedRows: 0 });
    return finished(who, importCatalog.id);
  }
  async function finished(who: SignedIn, id: string) {
    return eventually(async () => {
      const { catalogImport } = await ok(api, who.auth, RUN, { id });
      return ['SUCCEEDED', 'FAILED'].includes(catalogImport.status) ? catalogImport : null;
    }, `catalog run ${id} to finish`);
  }
  /** Runs the import job's handler directly, as a second delivery of the job would. */
  function runJob(importId: string, attempt = 1) {
    return OrmContext.create(worker.get(MikroORM).em, () =>
      worker
        .get(CatalogFeedProcessor)
        .import(
          RequestContext.system('test'),
          { importId },
          { id: `test-${importId}`, queue: 'catalog', name: 'catalog.import-requested', attempt },
        ),
    );
  }
  /** An import row with no outbox job, so only the test runs it. */
  async function unqueuedImport(businessId: string, csv: string, status = 'queued'): Promise<string> {
    const [row] = await sql(
      `insert into catalog_import (id, business_id, kind, input, status) values (gen_random_uuid(), $1, 'import', $2, $3) returning id`,
      [businessId, csv, status],
    );
    return row.id as string;
  }

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    worker = await env.worker();
    owner = await signIn(env, api);
    business = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
  });
  afterAll(() => env.close());

  it('imports products and variants, counting products, with one productChanged event each', async () => {
    const run = await runImport(owner, business.id, FEED);
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      totalRows: 4,
      processedRows: 4,
      createdCount: 3,
      updatedCount: 0,
      unchangedCount: 0,
      errorCount: 0,
      errors: [],
      csv: null,
    });
    const products = await sql(
      `select retailer_id, name, description, availability, price_minor, sale_price_minor, currency from product where business_id = $1 order by position`,
      [business.id],
    );
    expect(products).toEqual([
      {
        retailer_id: 'KOPI',
        name: 'Kopi O',
        description: 'Strong, black',
        availability: 'in_stock',
        price_minor: '350',
        sale_price_minor: null,
        currency: 'MYR',
      },
      {
        retailer_id: 'TEH',
        name: 'Teh Tarik',
        description: '',
        availability: 'out_of_stock',
        price_minor: '400',
        sale_price_minor: '350',
        currency: 'MYR',
      },
      {
        retailer_id: 'TEE',
        name: 'Tee',
        description: 'Cotton',
        availability: 'in_stock',
        price_minor: '2500',
        sale_price_minor: null,
        currency: 'MYR',
      },
    ]);
    const variants = await sql(
      `select sku, options, price_minor, stock from product_variant where business_id = $1 order by sku`,
      [business.id],
    );
    expect(variants).toEqual([
      { sku: 'KOPI', options: {}, price_minor: '350', stock: 12 },
      { sku: 'TEE-L', options: { size: 'L', color: 'red' }, price_minor: '2700', stock: 0 },
      { sku: 'TEE-S', options: { size: 'S', color: 'red' }, price_minor: '2500', stock: 5 },
      { sku: 'TEH', options: {}, price_minor: '400', stock: null },
    ]);
    const changes = await sql(
      `select payload->>'change' c from outbox where name = 'catalog.product-changed' and payload->>'businessId' = $1`,
      [business.id],
    );
    expect(changes.map((r) => r.c)).toEqual(['created', 'created', 'created']);
    const { catalogImports } = await ok(api, owner.auth, RUNS, { b: business.id });
    expect(catalogImports[0]).toEqual({ id: run.id, kind: 'IMPORT', status: 'SUCCEEDED' });
  });

  it('fails a file with bad rows, naming each row and column, and writes nothing at all', async () => {
    const other = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const bad = [
      'id,title,price,sale_price,inventory,item_group_id,size',
      'GOOD,Fine,1.00 MYR,,,,',
      'BAD-PRICE,Pricey,12.505 MYR,,,,',
      ',No id,1 MYR,,,,',
      'CUR,Dollars,1.00 USD,,,,',
      'SALE,On sale,1.00 MYR,2.00 MYR,,,',
      'STOCK,Stock,1.00 MYR,,-3,,',
      'GOOD,Again,1.00 MYR,,,,',
      'G-S,Group,1 MYR,,,G,S',
      'G-L,Other name,1 MYR,,,G,L',
    ].join('\n');
    const run = await runImport(owner, other.id, bad);
    expect(run.status).toBe('FAILED');
    expect(run.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'price'],
      [4, 'id'],
      [5, 'price'],
      [6, 'sale_price'],
      [7, 'inventory'],
      [8, 'id'],
      [10, 'title'],
    ]);
    expect(run.errorCount).toBe(7);
    expect(run.errors[0].message).toMatch(/2 decimal places/);
    expect(await count('select count(*) n from product where business_id = $1', [other.id])).toBe(0);
    expect(await count('select count(*) n from product_variant where business_id = $1', [other.id])).toBe(0);
    expect(await events(other.id)).toBe(0);
  });

  it('re-imports by SKU: changed products are updated (with an event), the rest unchanged, new ones created', async () => {
    const before = await events(business.id);
    const next = FEED.replace('3.50 MYR,,12', '3.80 MYR,,10').concat(
      '\nTEE-XL,Tee,Cotton,in stock,29.00 MYR,,1,TEE,XL,red,\nMILO,Milo,,,5 MYR,,,,,,',
    );
    const run = await runImport(owner, business.id, next);
    expect(run).toMatchObject({ status: 'SUCCEEDED', totalRows: 6, createdCount: 1, updatedCount: 2, unchangedCount: 1 });
    expect(await sql(`select price_minor from product where business_id = $1 and retailer_id = 'KOPI'`, [business.id])).toEqual([
      { price_minor: '380' },
    ]);
    expect(
      await sql(`select price_minor, stock from product_variant where business_id = $1 and sku = 'KOPI'`, [business.id]),
    ).toEqual([{ price_minor: '380', stock: 10 }]);
    expect(
      await sql(`select position from product_variant where business_id = $1 and sku like 'TEE-%' order by position`, [
        business.id,
      ]),
    ).toEqual([{ position: 0 }, { position: 1 }, { position: 2 }]);
    expect(await count('select count(*) n from product where business_id = $1', [business.id])).toBe(4);
    expect(await events(business.id)).toBe(before + 3);
  });

  it('updates only the columns a file has: id,title,price changes prices and keeps stock and descriptions', async () => {
    const run = await runImport(owner, business.id, 'id,title,price\nKOPI,Kopi O,4.00 MYR\n');
    expect(run).toMatchObject({ status: 'SUCCEEDED', updatedCount: 1 });
    expect(
      await sql(
        `select p.description, v.stock from product p join product_variant v on v.product_id = p.id where v.sku = 'KOPI' and p.business_id = $1`,
        [business.id],
      ),
    ).toEqual([{ description: 'Strong, black', stock: 10 }]);
  });

  it('exports the catalog (GraphQL and download), and importing the export changes nothing', async () => {
    const { exportCatalog } = await ok(api, owner.auth, EXPORT, { b: business.id });
    expect(exportCatalog).toMatchObject({ kind: 'EXPORT', status: 'QUEUED', downloadPath: null });
    const done = await finished(owner, exportCatalog.id);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      totalRows: 6,
      downloadPath: `/businesses/${business.id}/catalog/exports/${exportCatalog.id}.csv`,
    });
    expect(done.csv.split('\n')[0]).toBe(
      'id,item_group_id,title,description,availability,price,sale_price,inventory,status,size,color',
    );
    expect(done.csv).toContain('KOPI,,Kopi O,"Strong, black",in stock,4.00 MYR,,10,active,,');
    const download = await request(api.getHttpServer()).get(done.downloadPath).set(owner.auth);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^text\/csv/);
    expect(download.text).toBe(done.csv);

    const before = await events(business.id);
    const again = await runImport(owner, business.id, done.csv);
    expect(again).toMatchObject({ status: 'SUCCEEDED', totalRows: 6, createdCount: 0, updatedCount: 0, unchangedCount: 4 });
    expect(await events(business.id)).toBe(before);
  });

  it('takes a text/csv upload over REST, and refuses a file over 5 MiB or of another type', async () => {
    const res = await request(api.getHttpServer())
      .post(`/businesses/${business.id}/catalog/imports`)
      .set(owner.auth)
      .set('content-type', 'text/csv')
      .send('id,title,price\nREST,Over REST,2.00 MYR\n');
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: 'import', status: 'queued' });
    expect((await finished(owner, res.body.id)).createdCount).toBe(1);

    const big = await request(api.getHttpServer())
      .post(`/businesses/${business.id}/catalog/imports`)
      .set(owner.auth)
      .set('content-type', 'text/csv')
      .send('x'.repeat(5 * 1024 * 1024 + 1));
    expect([big.status, big.body.code]).toEqual([413, 'CATALOG_IMPORT_TOO_LARGE']);
    const json = await request(api.getHttpServer())
      .post(`/businesses/${business.id}/catalog/imports`)
      .set(owner.auth)
      .send({ csv: 'x' });
    expect(json.status).toBe(415);
  });

  it('refuses another business’s member everywhere (FORBIDDEN), and anonymous callers', async () => {
    const stranger = await signIn(env, api);
    await ok(api, stranger.auth, OPS.create, { input: businessInput() });
    const [{ id }] = (await ok(api, owner.auth, RUNS, { b: business.id, first: 1 })).catalogImports;
    expect(await refused(api, stranger.auth, IMPORT, { b: business.id, csv: FEED })).toBe('FORBIDDEN');
    expect(await refused(api, stranger.auth, EXPORT, { b: business.id })).toBe('FORBIDDEN');
    expect(await refused(api, stranger.auth, RUN, { id })).toBe('FORBIDDEN');
    expect(await refused(api, stranger.auth, RUNS, { b: business.id })).toBe('FORBIDDEN');
    expect(await refused(api, {}, RUNS, { b: business.id })).toBe('UNAUTHENTICATED');
    const [exported] = await sql(
      `select id from catalog_import where business_id = $1 and kind = 'export' and status = 'succeeded'`,
      [business.id],
    );
    const path = `/businesses/${business.id}/catalog/exports/${exported.id}.csv`;
    const theirs = await request(api.getHttpServer()).get(path).set(stranger.auth);
    expect([theirs.status, theirs.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await request(api.getHttpServer()).get(path)).status).toBe(401);
    const upload = await request(api.getHttpServer())
      .post(`/businesses/${business.id}/catalog/imports`)
      .set(stranger.auth)
      .set('content-type', 'text/csv')
      .send(FEED);
    expect([upload.status, upload.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('applies an import once, however often or concurrently its job runs, and reports progress as it checks', async () => {
    const shop = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const rows = Array.from({ length: 2500 }, (_, i) => `BULK-${i},Bulk ${i},1.00 MYR`);
    const id = await unqueuedImport(shop.id, ['id,title,price', ...rows].join('\n'));
    const progress = jest.spyOn(worker.get(FeedRuns), 'progress');
    try {
      await Promise.all([runJob(id), runJob(id)]);
      const reported = progress.mock.calls.filter(([runId]) => runId === id).map(([, values]) => values.processedRows);
      expect(reported).toEqual(expect.arrayContaining([1000, 2000, 2500]));
    } finally {
      progress.mockRestore();
    }
    await runJob(id);
    const [row] = await sql('select status, created_count, processed_rows, total_rows from catalog_import where id = $1', [id]);
    expect(row).toEqual({ status: 'succeeded', created_count: 2500, processed_rows: 2500, total_rows: 2500 });
    expect(await count('select count(*) n from product where business_id = $1', [shop.id])).toBe(2500);
    expect(await events(shop.id)).toBe(2500);
  });

  it('takes up a run a crashed worker left running, and never leaves one running after the last attempt', async () => {
    const shop = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const crashed = await unqueuedImport(shop.id, 'id,title,price\nA,Apple,1 MYR', 'running');
    await runJob(crashed, 2);
    expect(await sql('select status, attempts from catalog_import where id = $1', [crashed])).toEqual([
      { status: 'succeeded', attempts: 1 },
    ]);

    const doomed = await unqueuedImport(shop.id, 'id,title,price\nB,Bee,1 MYR');
    const runs = worker.get(FeedRuns);
    const progress = jest.spyOn(runs, 'progress').mockRejectedValue(new Error('database went away'));
    try {
      await expect(runJob(doomed, 1)).rejects.toThrow('database went away');
      expect((await sql('select status from catalog_import where id = $1', [doomed]))[0].status).toBe('running');
      await expect(runJob(doomed, 8)).rejects.toThrow('database went away');
    } finally {
      progress.mockRestore();
    }
    const [row] = await sql('select status, errors from catalog_import where id = $1', [doomed]);
    expect(row.status).toBe('failed');
    expect(row.errors[0].message).toMatch(/start it again/);
    expect(await count('select count(*) n from product where business_id = $1', [shop.id])).toBe(1);
  });

  it('the hourly sweep fails a run that a worker killed on its last attempt left running, and nothing else', async () => {
    const shop = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const stalled = await unqueuedImport(shop.id, 'id,title,price\nC,Cat,1 MYR', 'running');
    const fresh = await unqueuedImport(shop.id, 'id,title,price\nD,Dog,1 MYR', 'running');
    await sql(`update catalog_import set started_at = now() - interval '2 hours' where id = $1`, [stalled]);
    await sql(`update catalog_import set started_at = now() where id = $1`, [fresh]);
    expect(await worker.get(FeedSweeper).sweep()).toEqual({ failed: 1 });
    const rows = await sql('select id, status, errors from catalog_import where id in ($1, $2)', [stalled, fresh]);
    expect(rows.find((r: { id: string }) => r.id === stalled)).toMatchObject({
      status: 'failed',
      errors: [{ message: expect.stringMatching(/start it again/) }],
    });
    expect(rows.find((r: { id: string }) => r.id === fresh)).toMatchObject({ status: 'running' });
    expect(await count('select count(*) n from product where business_id = $1', [shop.id])).toBe(0);
  });
});
