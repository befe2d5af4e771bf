import type { INestApplication } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal, refused } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { TestEnv } from './support/test-env';

const CREATE = `mutation($b: ID!, $input: CreateProductInput!) { createProduct(businessId: $b, input: $input) { id variants { id sku } } }`;
const CATALOG = `query($handle: String!, $first: Int, $after: String, $c: ID) {
  catalog(handle: $handle, first: $first, after: $after, collectionId: $c) {
    edges { cursor node { id name } } pageInfo { hasNextPage endCursor } } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { id name shownPrice { amount }
  photos { id width height thumbnail { webp jpeg } medium { webp } large { jpeg } }
  variants { id sku stock price { amount } shownPrice { amount } options { name value } } } }`;
const SEARCH = `query($q: String!, $handle: String, $filter: ProductSearchFilter, $sort: ProductSearchSort, $first: Int, $after: String) {
  searchProducts(query: $q, handle: $handle, filter: $filter, sort: $sort, first: $first, after: $after) {
    edges { cursor node { id name shownPrice { amount } business { handle } } } pageInfo { hasNextPage endCursor } } }`;
const COLLECTIONS = `query($handle: String!) { collections(handle: $handle) { id name productCount } }`;
const CREATE_COLLECTION = `mutation($b: ID!, $name: String!, $p: [ID!]) { createCollection(businessId: $b, name: $name, productIds: $p) { id name productCount } }`;
const SET_PRODUCTS = `mutation($id: ID!, $p: [ID!]!) { setCollectionProducts(id: $id, productIds: $p) { id productCount } }`;
const RENAME = `mutation($id: ID!, $name: String!) { renameCollection(id: $id, name: $name) { id name } }`;
const DELETE = `mutation($id: ID!) { deleteCollection(id: $id) }`;
const REORDER_COLLECTIONS = `mutation($b: ID!, $ids: [ID!]!) { reorderCollections(businessId: $b, ids: $ids) { id } }`;
const REORDER_PRODUCTS = `mutation($b: ID!, $ids: [ID!]!) { reorderProducts(businessId: $b, ids: $ids) { id } }`;
const ADD_VARIANT = `mutation($p: ID!, $input: CreateVariantInput!) { addVariant(productId: $p, input: $input) { id sku price { amount } stock } }`;
const UPDATE_VARIANT = `mutation($id: ID!, $input: UpdateVariantInput!) { updateVariant(id: $id, input: $input) { id price { amount } stock } }`;
const REMOVE_VARIANT = `mutation($id: ID!) { removeVariant(id: $id) { id } }`;
const SET_PHOTOS = `mutation($id: ID!, $photos: [ID!]!) { setProductPhotos(id: $id, photos: $photos) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }`;
const ARCHIVE = `mutation($id: ID!) { archiveProduct(id: $id) { id } }`;

type Edge = { cursor: string; node: { id: string; name: string; shownPrice: { amount: string }; business: { handle: string } } };
const names = (edges: Edge[]) => edges.map((e) => e.node.name);

describe('catalog browsing: collections, order, variants, photos and search', () => {
  let env: TestEnv;
  let api: INestApplication;
  let owner: SignedIn;
  let shop: { id: string; handle: string };
  let photo: string;
  const ids: Record<string, string> = {};
  const variantIds: Record<string, string> = {};
  let sku = 0;

  const sql = async (text: string, params: unknown[] = []) => (await (await env.sql()).query(text, params)).rows;
  const newBusiness = async (who: SignedIn, input: Record<string, unknown> = {}) =>
    (await ok(api, who.auth, OPS.create, { input: businessInput(input) })).createBusiness as { id: string; handle: string };
  const product = async (who: SignedIn, businessId: string, photos: string[], input: Record<string, unknown>) => {
    sku += 1;
    const made = (
      await ok(api, who.auth, CREATE, {
        b: businessId,
        input: { retailerId: `B-${sku}`, currency: 'MYR', photos, ...input },
      })
    ).createProduct as { id: string; variants: { id: string; sku: string }[] };
    for (const v of made.variants) variantIds[v.sku] = v.id;
    return made.id;
  };
  const search = async (vars: Record<string, unknown>) =>
    (await ok(api, {}, SEARCH, vars)).searchProducts as { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string } };

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    owner = await signIn(env, api);
    shop = await newBusiness(owner, { listedInSearch: true });
    photo = await uploadPhoto(api, owner.auth, shop.id);
    const items: [string, Record<string, unknown>][] = [
      ['kopiSusu', { name: 'Kopi Susu Ais', price: '650', description: 'Iced coffee with condensed milk' }],
      ['kopiO', { name: 'Kopi O Panas', price: '350', salePrice: '300', description: 'Black coffee, sweet' }],
      ['tehTarik', { name: 'Teh Tarik', price: '400', description: 'Pulled milk tea' }],
      ['nasiLemak', { name: 'Nasi Lemak Ayam', price: '1200', description: 'Coconut rice with fried chicken and sambal' }],
      ['rotiCanai', { name: 'Roti Canai', price: '200', availability: 'OUT_OF_STOCK' }],
      ['kuih', { name: 'Kuih Lapis', price: '150', stock: 0 }],
      ['secret', { name: 'Kopi Rahsia', price: '999', availability: 'HIDDEN' }],
      ['gone', { name: 'Kopi Lama', price: '999' }],
      [
        'batik',
        {
          name: 'Batik Shirt',
          price: '8900',
          variants: [
            { sku: 'BATIK-S', options: [{ name: 'size', value: 'S' }], stock: 4 },
            { sku: 'BATIK-M', options: [{ name: 'size', value: 'M' }], price: '9500', stock: 2 },
          ],
        },
      ],
    ];
    for (const [key, input] of items) ids[key] = await product(owner, shop.id, [photo], input);
    await ok(api, owner.auth, ARCHIVE, { id: ids.gone });
  });
  afterAll(() => env.close());

  describe('collections', () => {
    it('groups products in an order of their own, shown by handle with visible counts', async () => {
      const drinks = (
        await ok(api, owner.auth, CREATE_COLLECTION, {
          b: shop.id,
          name: ' Drinks ',
          p: [ids.tehTarik, ids.kopiSusu, ids.secret],
        })
      ).createCollection;
      expect(drinks).toMatchObject({ name: 'Drinks', productCount: 2 }); // the hidden one is not counted
      const food = (await ok(api, owner.auth, CREATE_COLLECTION, { b: shop.id, name: 'Food', p: [ids.nasiLemak] }))
        .createCollection;
      expect((await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections.map((c: { name: string }) => c.name)).toEqual([
        'Drinks',
        'Food',
      ]);
      const page = (await ok(api, {}, CATALOG, { handle: shop.handle, c: drinks.id })).catalog;
      expect(names(page.edges)).toEqual(['Teh Tarik', 'Kopi Susu Ais']);

      await ok(api, owner.auth, SET_PRODUCTS, { id: drinks.id, p: [ids.kopiO, ids.kopiSusu, ids.tehTarik] });
      expect(names((await ok(api, {}, CATALOG, { handle: shop.handle, c: drinks.id })).catalog.edges)).toEqual([
        'Kopi O Panas',
        'Kopi Susu Ais',
        'Teh Tarik',
      ]);
      await ok(api, owner.auth, REORDER_COLLECTIONS, { b: shop.id, ids: [food.id, drinks.id] });
      await ok(api, owner.auth, RENAME, { id: food.id, name: 'Makan' });
      expect((await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections).toEqual([
        { id: food.id, name: 'Makan', productCount: 1 },
        { id: drinks.id, name: 'Drinks', productCount: 3 },
      ]);
      const events = await sql(`select count(*)::int n from outbox where name = 'catalog.collection-changed'`);
      expect(events[0].n).toBeGreaterThanOrEqual(5);
    });

    it('pages a collection in its order, and refuses a cursor of another listing', async () => {
      const [, drinks] = (await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections;
      const first = (await ok(api, {}, CATALOG, { handle: shop.handle, c: drinks.id, first: 2 })).catalog;
      const rest = (await ok(api, {}, CATALOG, { handle: shop.handle, c: drinks.id, first: 2, after: first.pageInfo.endCursor }))
        .catalog;
      expect([...names(first.edges), ...names(rest.edges)]).toEqual(['Kopi O Panas', 'Kopi Susu Ais', 'Teh Tarik']);
      expect(rest.pageInfo.hasNextPage).toBe(false);
      expect(await refused(api, {}, CATALOG, { handle: shop.handle, after: first.pageInfo.endCursor })).toBe('BAD_USER_INPUT');
    });

    it('refuses a taken name, a product of another business and a repeated product, changing nothing', async () => {
      const [makan, drinks] = (await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections;
      const taken = await refusal(api, owner.auth, RENAME, { id: makan.id, name: 'Drinks' });
      expect(taken.extensions.code).toBe('COLLECTION_NAME_TAKEN');
      const other = await signIn(env, api);
      const theirs = await newBusiness(other);
      const foreign = await product(other, theirs.id, [], { name: 'Foreign', price: '100' });
      const bad = await refusal(api, owner.auth, SET_PRODUCTS, { id: drinks.id, p: [ids.kopiO, foreign] });
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'productIds' }] });
      expect(await refused(api, owner.auth, SET_PRODUCTS, { id: drinks.id, p: [ids.kopiO, ids.kopiO] })).toBe('BAD_USER_INPUT');
      expect(await refused(api, other.auth, SET_PRODUCTS, { id: drinks.id, p: [] })).toBe('FORBIDDEN');
      expect(await refused(api, other.auth, CREATE_COLLECTION, { b: shop.id, name: 'Mine now' })).toBe('FORBIDDEN');
      expect((await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections).toEqual([
        { id: makan.id, name: 'Makan', productCount: 1 },
        { id: drinks.id, name: 'Drinks', productCount: 3 },
      ]);
    });

    it('deletes a collection and leaves its products in the catalog', async () => {
      const [makan] = (await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections;
      expect((await ok(api, owner.auth, DELETE, { id: makan.id })).deleteCollection).toBe(makan.id);
      expect((await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections).toHaveLength(1);
      expect((await ok(api, {}, PRODUCT, { id: ids.nasiLemak })).product.name).toBe('Nasi Lemak Ayam');
      // Gone now: refused like any id outside the caller's businesses, so ids cannot be probed.
      expect(await refused(api, owner.auth, DELETE, { id: makan.id })).toBe('FORBIDDEN');
    });
  });

  it('reorders products among the positions they hold, leaving the rest in place', async () => {
    const before = names((await ok(api, {}, CATALOG, { handle: shop.handle })).catalog.edges);
    expect(before.slice(0, 3)).toEqual(['Kopi Susu Ais', 'Kopi O Panas', 'Teh Tarik']);
    await ok(api, owner.auth, REORDER_PRODUCTS, { b: shop.id, ids: [ids.tehTarik, ids.kopiSusu] });
    const after = names((await ok(api, {}, CATALOG, { handle: shop.handle })).catalog.edges);
    expect(after).toEqual(['Teh Tarik', 'Kopi O Panas', 'Kopi Susu Ais', ...before.slice(3)]);
    expect(await refused(api, owner.auth, REORDER_PRODUCTS, { b: shop.id, ids: [ids.kopiO, ids.kopiO] })).toBe('BAD_USER_INPUT');
    expect(await refused(api, owner.auth, REORDER_PRODUCTS, { b: shop.id, ids: [ids.kopiO, shop.id] })).toBe('BAD_USER_INPUT');
    expect(names((await ok(api, {}, CATALOG, { handle: shop.handle })).catalog.edges)).toEqual(after);
  });

  describe('variants', () => {
    it('adds, reprices, restocks and removes variants of a product with options', async () => {
      const added = (
        await ok(api, owner.auth, ADD_VARIANT, {
          p: ids.batik,
          input: { sku: 'BATIK-L', options: [{ name: 'size', value: 'L' }], price: '9900', stock: 1 },
        })
      ).addVariant;
      expect(added).toMatchObject({ sku: 'BATIK-L', price: { amount: '9900' }, stock: 1 });
      await ok(api, owner.auth, UPDATE_VARIANT, { id: variantIds['BATIK-S'], input: { price: '8500', stock: null } });
      await ok(api, owner.auth, REMOVE_VARIANT, { id: variantIds['BATIK-M'] });
      const { product } = await ok(api, {}, PRODUCT, { id: ids.batik });
      expect(
        product.variants.map((v: { sku: string; price: { amount: string }; stock: number | null }) => [
          v.sku,
          v.price.amount,
          v.stock,
        ]),
      ).toEqual([
        ['BATIK-S', '8500', null],
        ['BATIK-L', '9900', 1],
      ]);
    });

    it('refuses variants that do not fit the product, changing nothing', async () => {
      const size = (value: string) => [{ name: 'size', value }];
      const code = async (doc: string, vars: Record<string, unknown>) =>
        (await refusal(api, owner.auth, doc, vars)).extensions.code;
      expect(
        await code(ADD_VARIANT, { p: ids.batik, input: { sku: 'BATIK-X', options: [{ name: 'colour', value: 'red' }] } }),
      ).toBe('BAD_USER_INPUT');
      expect(await code(ADD_VARIANT, { p: ids.batik, input: { sku: 'BATIK-S2', options: size('S') } })).toBe('BAD_USER_INPUT');
      expect(await code(ADD_VARIANT, { p: ids.batik, input: { sku: 'BATIK-S', options: size('XL') } })).toBe('SKU_TAKEN');
      expect(await code(ADD_VARIANT, { p: ids.tehTarik, input: { sku: 'TEH-L', options: size('L') } })).toBe('BAD_USER_INPUT');
      const tehVariant = (await ok(api, {}, PRODUCT, { id: ids.tehTarik })).product.variants[0].id;
      const priced = await refusal(api, owner.auth, UPDATE_VARIANT, { id: tehVariant, input: { price: '1' } });
      expect(priced.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'price' }] });
      expect(await code(UPDATE_VARIANT, { id: tehVariant, input: { stock: -1 } })).toBe('BAD_USER_INPUT');
      expect(await code(REMOVE_VARIANT, { id: tehVariant })).toBe('BAD_USER_INPUT');
      expect(await code(REMOVE_VARIANT, { id: '01935d6a-0000-7000-8000-00000000abcd' })).toBe('FORBIDDEN');
      const { product } = await ok(api, {}, PRODUCT, { id: ids.batik });
      expect(product.variants.map((v: { sku: string }) => v.sku)).toEqual(['BATIK-S', 'BATIK-L']);
    });

    it('shows what checkout charges: a plain product on sale sells its one variant at the sale price', async () => {
      const { product } = await ok(api, {}, PRODUCT, { id: ids.kopiO });
      expect(product.shownPrice.amount).toBe('300');
      expect(product.variants[0]).toMatchObject({ price: { amount: '350' }, shownPrice: { amount: '300' } });
    });
  });

  describe('photos', () => {
    it('lists photos in order with URLs in every size, and hides a product left without any', async () => {
      const second = await uploadPhoto(api, owner.auth, shop.id);
      await ok(api, owner.auth, SET_PHOTOS, { id: ids.tehTarik, photos: [second, photo] });
      const { product } = await ok(api, {}, PRODUCT, { id: ids.tehTarik });
      expect(product.photos.map((p: { id: string }) => p.id)).toEqual([second, photo]);
      expect(product.photos[0]).toMatchObject({ width: 64, height: 48 });
      expect(product.photos[0].thumbnail.webp).toMatch(new RegExp(`/media/${second}/thumbnail\\.webp`));

      await ok(api, owner.auth, SET_PHOTOS, { id: ids.tehTarik, photos: [] });
      expect((await ok(api, {}, PRODUCT, { id: ids.tehTarik })).product).toBeNull();
      // `second` is shown by nothing now and goes back to media's cleanup; `photo` is still on other products.
      const status = await sql(`select id, status from media_asset where id in ($1, $2) order by id`, [photo, second]);
      expect(Object.fromEntries(status.map((r: { id: string; status: string }) => [r.id, r.status]))).toEqual({
        [photo]: 'attached',
        [second]: 'pending',
      });
      await ok(api, owner.auth, SET_PHOTOS, { id: ids.tehTarik, photos: [photo] });
    });

    it('refuses a photo of another business and an unknown one, changing nothing', async () => {
      const other = await signIn(env, api);
      const theirs = await newBusiness(other);
      const theirPhoto = await uploadPhoto(api, other.auth, theirs.id);
      for (const photos of [[theirPhoto], [photo, '01935d6a-0000-7000-8000-000000000001']]) {
        const err = await refusal(api, owner.auth, SET_PHOTOS, { id: ids.tehTarik, photos });
        expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'photos' }] });
      }
      expect((await ok(api, {}, PRODUCT, { id: ids.tehTarik })).product.photos.map((p: { id: string }) => p.id)).toEqual([photo]);
    });
  });

  describe('search', () => {
    let elsewhere: { id: string; handle: string };
    let unlisted: { id: string; handle: string };
    beforeAll(async () => {
      const other = await signIn(env, api);
      elsewhere = await newBusiness(other, { listedInSearch: true });
      unlisted = await newBusiness(other);
      await product(other, elsewhere.id, [await uploadPhoto(api, other.auth, elsewhere.id)], {
        name: 'Kopi Luwak',
        price: '5000',
      });
      await product(other, unlisted.id, [await uploadPhoto(api, other.auth, unlisted.id)], {
        name: 'Kopi Tongkat Ali',
        price: '800',
      });
    });

    it('finds words, half-typed words and typos, best match first, never hidden or archived products', async () => {
      const kopi = names((await search({ q: 'kopi', handle: shop.handle })).edges);
      expect(kopi.sort()).toEqual(['Kopi O Panas', 'Kopi Susu Ais']);
      expect(names((await search({ q: 'kopu susu', handle: shop.handle })).edges)[0]).toBe('Kopi Susu Ais');
      expect(names((await search({ q: 'nas lem', handle: shop.handle })).edges)).toEqual(['Nasi Lemak Ayam']);
      expect(names((await search({ q: 'sambal', handle: shop.handle })).edges)).toEqual(['Nasi Lemak Ayam']);
      expect(names((await search({ q: 'rahsia', handle: shop.handle })).edges)).toEqual([]);
      expect(names((await search({ q: 'lama', handle: shop.handle })).edges)).toEqual([]);
    });

    it('filters by price, stock and collection', async () => {
      const all = { q: 'kopi teh nasi roti kuih', handle: shop.handle };
      expect(names((await search({ ...all, q: 'kopi', filter: { maxPrice: '400' } })).edges)).toEqual(['Kopi O Panas']);
      const cheap = await search({ q: 'roti', handle: shop.handle, filter: { inStock: true } });
      expect(names(cheap.edges)).toEqual([]);
      expect(names((await search({ q: 'kuih', handle: shop.handle, filter: { inStock: true } })).edges)).toEqual([]);
      expect(names((await search({ q: 'kuih', handle: shop.handle })).edges)).toEqual(['Kuih Lapis']);
      const [drinks] = (await ok(api, {}, COLLECTIONS, { handle: shop.handle })).collections;
      expect(names((await search({ q: 'nasi', handle: shop.handle, filter: { collectionId: drinks.id } })).edges)).toEqual([]);
      expect(names((await search({ q: 'teh', handle: shop.handle, filter: { collectionId: drinks.id } })).edges)).toEqual([
        'Teh Tarik',
      ]);
    });

    it('sorts by shown price and pages without repeats', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 5; i += 1) {
        const page = await search({ q: 'kopi', sort: 'PRICE_ASC', first: 1, after });
        seen.push(...page.edges.map((e) => `${e.node.name}@${e.node.shownPrice.amount}`));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(['Kopi O Panas@300', 'Kopi Susu Ais@650', 'Kopi Luwak@5000']);
      const desc = await search({ q: 'kopi', sort: 'PRICE_DESC', first: 10 });
      expect(names(desc.edges)).toEqual(['Kopi Luwak', 'Kopi Susu Ais', 'Kopi O Panas']);
      expect(await refused(api, {}, SEARCH, { q: 'kopi', sort: 'PRICE_DESC', after })).toBe('BAD_USER_INPUT');
    });

    it('searches across businesses only where they opted in, saying who sells each', async () => {
      const found = (await search({ q: 'kopi' })).edges;
      expect(found.map((e) => e.node.business.handle).sort()).toEqual([elsewhere.handle, shop.handle, shop.handle].sort());
      expect(names(found)).not.toContain('Kopi Tongkat Ali');
      expect(names((await search({ q: 'tongkat', handle: unlisted.handle })).edges)).toEqual(['Kopi Tongkat Ali']);
    });

    it('refuses a short query, and a price range across businesses without a currency', async () => {
      expect((await refusal(api, {}, SEARCH, { q: 'k' })).extensions.code).toBe('BAD_USER_INPUT');
      expect((await refusal(api, {}, SEARCH, { q: '!!' })).extensions.code).toBe('BAD_USER_INPUT');
      const err = await refusal(api, {}, SEARCH, { q: 'kopi', filter: { minPrice: '100' } });
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'currency' }] });
      expect(names((await search({ q: 'kopi', filter: { minPrice: '1000', currency: 'MYR' } })).edges)).toEqual(['Kopi Luwak']);
    });

    it('follows changes at once: a renamed or hidden product is found as it is now', async () => {
      await ok(api, owner.auth, UPDATE, { id: ids.kuih, input: { name: 'Kuih Seri Muka' } });
      expect(names((await search({ q: 'seri muka', handle: shop.handle })).edges)).toEqual(['Kuih Seri Muka']);
      await ok(api, owner.auth, UPDATE, { id: ids.kuih, input: { availability: 'HIDDEN' } });
      expect(names((await search({ q: 'seri muka', handle: shop.handle })).edges)).toEqual([]);
    });
  });
});
