import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { CatalogChanges } from '@kedai/catalog';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { eventually, gql, TestEnv } from './support/test-env';

const CREATE = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const CATALOG = `query($handle: String!) { catalog(handle: $handle, first: 20) { edges { node { id name price { amount } } } } }`;

/**
 * The anonymous catalog read cache, across two API processes sharing Redis: answers come from memory
 * while nothing changed, and never after a change, whichever process made it, and even when the
 * process that made it died before telling anyone (the worker tells from the outbox event).
 */
describe('catalog read cache', () => {
  let env: TestEnv;
  let one: INestApplication;
  let two: INestApplication;
  let owner: SignedIn;
  let shop: { id: string; handle: string };
  let productId: string;

  const priceOn = async (api: INestApplication, headers: Record<string, string> = {}) => {
    const res = await gql(api, CATALOG, { handle: shop.handle }, headers);
    return res.body.data.catalog.edges[0].node.price.amount as string;
  };
  const sqlCount = async (api: INestApplication, read: () => Promise<unknown>) => {
    const spy = jest.spyOn(api.get(MikroORM).em.getConnection(), 'execute');
    try {
      await read();
      return spy.mock.calls.length;
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    const limits = { env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } };
    one = await env.api(limits);
    two = await env.api(limits);
    owner = await signIn(env, one);
    shop = (await ok(one, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const photo = await uploadPhoto(one, owner.auth, shop.id);
    productId = (
      await ok(one, owner.auth, CREATE, {
        b: shop.id,
        input: { retailerId: 'C-1', name: 'Kopi', price: '500', currency: 'MYR', photos: [photo] },
      })
    ).createProduct.id;
    await eventually(() => Promise.resolve(two.get(CatalogChanges).generation !== null), 'subscribed');
  });
  afterAll(() => env.close());

  it('answers a repeated anonymous read from memory, with no SQL', async () => {
    expect(await priceOn(two)).toBe('500');
    // The product's creation reaches `two` through pub/sub and may land after that first read
    // (it makes the entry stale, as it should): the next reads then come from memory.
    await eventually(async () => (await sqlCount(two, () => priceOn(two))) === 0, 'a read served from memory', 5_000);
  });

  it('never serves an answer from before a change: at once where it was made, in a moment elsewhere', async () => {
    await priceOn(one);
    await priceOn(two);
    await ok(one, owner.auth, UPDATE, { id: productId, input: { price: '650' } });
    expect(await priceOn(one)).toBe('650');
    await eventually(async () => (await priceOn(two)) === '650', 'the other process sees the change');
  });

  it('after a change, 20 shoppers asking at once cost one computation, not twenty', async () => {
    await ok(one, owner.auth, UPDATE, { id: productId, input: { name: 'Kopi Baru' } });
    const prices: string[] = [];
    const queries = await sqlCount(one, async () => {
      prices.push(...(await Promise.all(Array.from({ length: 20 }, () => priceOn(one)))));
    });
    expect(prices).toEqual(Array(20).fill('650'));
    // The business by handle and the page: one reader's two queries.
    expect(queries).toBe(2);
  });

  it('reads for a signed-in caller are never served from the cache', async () => {
    await priceOn(two);
    expect(await sqlCount(two, () => priceOn(two, owner.auth))).toBeGreaterThan(0);
  });

  it('a change whose process died before telling anyone still reaches every cache, through the outbox', async () => {
    await priceOn(two);
    // The writing process "dies" between its commit and its publish: it never says anything.
    const silenced = jest.spyOn(one.get(CatalogChanges), 'changed').mockResolvedValue(undefined);
    try {
      await ok(one, owner.auth, UPDATE, { id: productId, input: { price: '700' } });
    } finally {
      silenced.mockRestore();
    }
    expect(await priceOn(two)).toBe('650'); // nobody has told `two` yet
    await env.workers(2);
    await eventually(async () => (await priceOn(two)) === '700', 'the worker relays the change event');
  });
});
