import { MikroORM } from '@mikro-orm/postgresql';
import request from 'supertest';
import { DemoSeeder } from '../db/seeds/demo.seeder';
import { gql, TestEnv } from './support/test-env';

const CATALOG = `{ catalog(handle: "kedai.demo", first: 20) { edges { node { name shownPrice { formatted } photos { medium { webp } } variants { sku } } } }
  collections(handle: "kedai.demo") { name productCount } }`;

/** What `npm start` seeds: a demo business a new developer can browse, order from and pay, and seeding twice changes nothing. */
describe('demo seed', () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await TestEnv.create();
  });
  afterAll(() => env.close());

  it('gives the demo business a catalog with photos, collections and checkout settings, once', async () => {
    const api = await env.api();
    const orm = api.get(MikroORM);
    await orm.seeder.seed(DemoSeeder);
    await orm.seeder.seed(DemoSeeder);
    const { data } = (await gql(api, CATALOG)).body;
    expect(data.catalog.edges).toHaveLength(6);
    expect(data.catalog.edges[0].node).toMatchObject({ name: 'Kopi Susu Ais', variants: [{ sku: 'KOPI-SUSU-AIS' }] });
    expect(data.collections).toEqual([
      { name: 'Drinks', productCount: 3 },
      { name: 'Bakery', productCount: 1 },
      { name: 'Beans & gear', productCount: 2 },
    ]);
    const photo = data.catalog.edges[0].node.photos[0].medium.webp as string;
    const served = await request(api.getHttpServer()).get(photo);
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toBe('image/webp');
    const [{ n }] = (await (await env.sql()).query(`select count(*)::int n from discount_code where code = 'WELCOME10'`)).rows;
    expect(n).toBe(1);
  });
});
