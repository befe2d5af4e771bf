import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refusal, refused } from './support/business-access';
import { QueueRegistry, subscriberJobId } from '@kedai/core';
import { uploadPhoto } from './support/catalog';
import { eventually, TestEnv } from './support/test-env';

const CREATE = `mutation($businessId: ID!, $input: CreateProductInput!) { createProduct(businessId: $businessId, input: $input) {
  id retailerId name description availability price { amount currency formatted } salePrice { amount currency }
  variants { sku stock options { name value } price { amount currency } } } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) {
  id name availability price { amount } salePrice { amount } variants { sku price { amount } } } }`;
const ARCHIVE = `mutation($id: ID!) { archiveProduct(id: $id) { id archivedAt } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { id name price { amount currency } variants { sku } } }`;
const CATALOG = `query($handle: String!, $first: Int, $after: String) { catalog(handle: $handle, first: $first, after: $after) {
  edges { cursor node { id retailerId name availability price { amount currency } salePrice { amount }
    photos { id width height thumbnail { webp jpeg } large { jpeg } }
    variants { id sku stock price { amount } options { name value } } } }
  pageInfo { hasNextPage endCursor } } }`;

let seq = 0;
const productInput = (overrides: Record<string, unknown> = {}) => {
  seq += 1;
  return { retailerId: `SKU-${seq}`, name: `Kopi ${seq}`, price: '1250', currency: 'MYR', ...overrides };
};

describe('catalog: merchants publish products, shoppers page through them', () => {
  let env: TestEnv;
  let api: INestApplication;
  const count = async (sql: string, params: unknown[] = []) => Number((await (await env.sql()).query(sql, params)).rows[0].n);

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
  });
  afterAll(() => env.close());

  const createBusiness = async (owner: SignedIn, input: Record<string, unknown> = {}) =>
    (await ok(api, owner.auth, OPS.create, { input: businessInput(input) })).createBusiness as { id: string; handle: string };
  const create = async (who: SignedIn, businessId: string, input: Record<string, unknown> = {}) =>
    (await ok(api, who.auth, CREATE, { businessId, input: productInput(input) })).createProduct;

  describe('merchant side', () => {
    let owner: SignedIn;
    let business: { id: string; handle: string };
    beforeAll(async () => {
      owner = await signIn(env, api);
      business = await createBusiness(owner);
    });

    it('creates a plain product with one default variant, and an outbox event in the same transaction', async () => {
      const before = await count(`select count(*) n from outbox where name = 'catalog.product-changed'`);
      const made = await create(owner, business.id, { retailerId: 'KOPI-O', name: '  Kopi O ', salePrice: '999', stock: 7 });
      expect(made).toMatchObject({
        retailerId: 'KOPI-O',
        name: 'Kopi O',
        availability: 'IN_STOCK',
        price: { amount: '1250', currency: 'MYR' },
        salePrice: { amount: '999', currency: 'MYR' },
        variants: [{ sku: 'KOPI-O', stock: 7, options: [], price: { amount: '1250', currency: 'MYR' } }],
      });
      expect(made.price.formatted).toContain('12.50');
      expect(await count(`select count(*) n from outbox where name = 'catalog.product-changed'`)).toBe(before + 1);
      const payload = (await (await env.sql()).query(`select payload from outbox where payload->>'productId' = $1`, [made.id]))
        .rows[0].payload;
      expect(payload).toEqual({ productId: made.id, businessId: business.id, change: 'created' });
    });

    it('the real worker consumes the change event (its catalog-cache subscriber has its handler)', async () => {
      const made = await create(owner, business.id);
      const { id } = (await (await env.sql()).query(`select id from outbox where payload->>'productId' = $1`, [made.id])).rows[0];
      const worker = await env.worker();
      try {
        const queue = worker.get(QueueRegistry).get('catalog');
        const job = subscriberJobId(id, 'catalog-cache');
        await eventually(
          async () => (await (await queue.getJob(job))?.getState()) === 'completed',
          'the catalog job to complete',
        );
      } finally {
        await env.stop(worker);
      }
    });

    it('creates a product with variants, each with its SKU, options, price and stock', async () => {
      const made = await create(owner, business.id, {
        retailerId: 'TEE',
        variants: [
          { sku: 'TEE-S', options: [{ name: 'size', value: 'S' }], stock: 0 },
          { sku: 'TEE-L', options: [{ name: 'size', value: 'L' }], price: '1500' },
        ],
      });
      expect(made.variants).toEqual([
        { sku: 'TEE-S', stock: 0, options: [{ name: 'size', value: 'S' }], price: { amount: '1250', currency: 'MYR' } },
        { sku: 'TEE-L', stock: null, options: [{ name: 'size', value: 'L' }], price: { amount: '1500', currency: 'MYR' } },
      ]);
      const options = (await (await env.sql()).query(`select options from product_variant where sku = 'TEE-L'`)).rows[0].options;
      expect(options).toEqual({ size: 'L' });
    });

    it('updates a product (a plain product’s variant follows its price) and archives it, each with an event', async () => {
      const made = await create(owner, business.id);
      const { updateProduct } = await ok(api, owner.auth, UPDATE, {
        id: made.id,
        input: { name: 'Teh Tarik', price: '2000', salePrice: '1800', availability: 'OUT_OF_STOCK' },
      });
      expect(updateProduct).toMatchObject({
        name: 'Teh Tarik',
        availability: 'OUT_OF_STOCK',
        price: { amount: '2000' },
        salePrice: { amount: '1800' },
        variants: [{ price: { amount: '2000' } }],
      });
      const cleared = await ok(api, owner.auth, UPDATE, { id: made.id, input: { salePrice: null } });
      expect(cleared.updateProduct.salePrice).toBeNull();
      const { archiveProduct } = await ok(api, owner.auth, ARCHIVE, { id: made.id });
      expect(archiveProduct.archivedAt).toEqual(expect.any(String));
      const changes = (
        await (
          await env.sql()
        ).query(`select payload->>'change' c from outbox where payload->>'productId' = $1 order by created_at, id`, [made.id])
      ).rows.map((r) => r.c);
      expect(changes.sort()).toEqual(['archived', 'created', 'updated', 'updated']);
    });

    it('refuses bad input field by field', async () => {
      const err = await refusal(api, owner.auth, CREATE, {
        businessId: business.id,
        input: productInput({ name: '', price: '0', description: 'x'.repeat(5001) }),
      });
      expect(err.extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(err.extensions)).toMatch(/name/);
      expect(JSON.stringify(err.extensions)).toMatch(/price/);
      expect(JSON.stringify(err.extensions)).toMatch(/description/);
      expect(
        await refused(api, owner.auth, CREATE, { businessId: business.id, input: productInput({ price: '1000000000001' }) }),
      ).toBe('BAD_USER_INPUT');
      expect(
        await refused(api, owner.auth, CREATE, {
          businessId: business.id,
          input: productInput({ price: '100', salePrice: '100' }),
        }),
      ).toBe('BAD_USER_INPUT');
    });

    it('refuses a currency other than the business’s', async () => {
      const err = await refusal(api, owner.auth, CREATE, { businessId: business.id, input: productInput({ currency: 'USD' }) });
      expect(err.extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(err.extensions)).toMatch(/currency/);
    });

    it('SKU_TAKEN on a duplicate SKU, leaving nothing written', async () => {
      await create(owner, business.id, { retailerId: 'DUP' });
      const products = await count('select count(*) n from product where business_id = $1', [business.id]);
      const variants = await count('select count(*) n from product_variant where business_id = $1', [business.id]);
      const events = await count(`select count(*) n from outbox where payload->>'businessId' = $1`, [business.id]);
      // The product's own SKU is free; its second variant's is not: the whole create must roll back.
      const input = productInput({
        retailerId: 'FRESH',
        variants: [
          { sku: 'FRESH-1', options: [{ name: 'size', value: 'S' }] },
          { sku: 'DUP', options: [{ name: 'size', value: 'M' }] },
        ],
      });
      expect(await refused(api, owner.auth, CREATE, { businessId: business.id, input })).toBe('SKU_TAKEN');
      expect(
        await refused(api, owner.auth, CREATE, { businessId: business.id, input: productInput({ retailerId: 'DUP' }) }),
      ).toBe('SKU_TAKEN');
      expect(await count('select count(*) n from product where business_id = $1', [business.id])).toBe(products);
      expect(await count('select count(*) n from product_variant where business_id = $1', [business.id])).toBe(variants);
      expect(await count(`select count(*) n from outbox where payload->>'businessId' = $1`, [business.id])).toBe(events);
    });

    it('lets an API key with CATALOG_WRITE write its own catalog, and refuses one without it', async () => {
      const scoped = async (scopes: string[]) =>
        (await ok(api, owner.auth, OPS.createKey, { businessId: business.id, name: `k${scopes.length}`, scopes })).createApiKey
          .key as string;
      const writer = { 'x-api-key': await scoped(['CATALOG_WRITE']) };
      const reader = { 'x-api-key': await scoped(['ORDERS_READ', 'BUSINESS_EDIT']) };
      const { createProduct } = await ok(api, writer, CREATE, { businessId: business.id, input: productInput() });
      expect(createProduct.variants).toHaveLength(1);
      expect(await refused(api, reader, CREATE, { businessId: business.id, input: productInput() })).toBe('FORBIDDEN');
    });

    it('refuses an agent (no catalog:write) and a member of another business', async () => {
      const agent = await signIn(env, api);
      const { inviteMember } = await ok(api, owner.auth, OPS.invite, {
        businessId: business.id,
        phone: agent.phone,
        role: 'AGENT',
      });
      await ok(api, agent.auth, OPS.accept, { id: inviteMember.id });
      const made = await create(owner, business.id, { photos: [await uploadPhoto(api, owner.auth, business.id)] });
      expect(await refused(api, agent.auth, CREATE, { businessId: business.id, input: productInput() })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, UPDATE, { id: made.id, input: { name: 'x' } })).toBe('FORBIDDEN');
      expect(await refused(api, agent.auth, ARCHIVE, { id: made.id })).toBe('FORBIDDEN');

      const other = await signIn(env, api);
      const theirs = await createBusiness(other);
      expect(await refused(api, other.auth, CREATE, { businessId: business.id, input: productInput() })).toBe('FORBIDDEN');
      expect(await refused(api, other.auth, UPDATE, { id: made.id, input: { name: 'x' } })).toBe('FORBIDDEN');
      expect(await refused(api, other.auth, ARCHIVE, { id: made.id })).toBe('FORBIDDEN');
      expect(await refused(api, {}, CREATE, { businessId: business.id, input: productInput() })).toBe('UNAUTHENTICATED');
      // Their own business works, so the refusals above are about the target, not the caller.
      await create(other, theirs.id);
      const { product } = await ok(api, {}, PRODUCT, { id: made.id });
      expect(product.name).toBe(made.name);
    });
  });

  describe('shopper side', () => {
    let owner: SignedIn;
    let business: { id: string; handle: string };
    let visibleIds: string[];
    let hiddenId: string;
    let archivedId: string;
    let withoutPhotoId: string;

    beforeAll(async () => {
      owner = await signIn(env, api);
      business = await createBusiness(owner);
      // One photo for them all: shoppers only see products with a photo (the one without is below).
      const photos = [await uploadPhoto(api, owner.auth, business.id)];
      visibleIds = [];
      for (let i = 0; i < 45; i += 1) {
        const input =
          i % 3 === 0
            ? productInput({
                photos,
                variants: [
                  { sku: `V-${seq}-S`, options: [{ name: 'size', value: 'S' }], stock: 3 },
                  { sku: `V-${seq}-L`, options: [{ name: 'size', value: 'L' }] },
                ],
              })
            : productInput({ photos });
        visibleIds.push((await create(owner, business.id, input)).id);
      }
      hiddenId = (await create(owner, business.id, { availability: 'HIDDEN', photos })).id;
      archivedId = (await create(owner, business.id, { photos })).id;
      withoutPhotoId = (await create(owner, business.id)).id;
      await ok(api, owner.auth, ARCHIVE, { id: archivedId });
    });

    it('pages through 45 products with first: 20 in three pages, in catalog order, no duplicates, no gaps', async () => {
      const seen: string[] = [];
      const pages: number[] = [];
      let after: string | null = null;
      for (;;) {
        const { catalog } = await ok(api, {}, CATALOG, { handle: business.handle, first: 20, after });
        pages.push(catalog.edges.length);
        seen.push(...catalog.edges.map((e: { node: { id: string } }) => e.node.id));
        if (!catalog.pageInfo.hasNextPage) break;
        after = catalog.pageInfo.endCursor;
        expect(after).toBe(catalog.edges.at(-1).cursor);
      }
      expect(pages).toEqual([20, 20, 5]);
      expect(seen).toEqual(visibleIds);
      expect(new Set(seen).size).toBe(45);
    });

    it('never shows hidden or archived products, nor one without a photo', async () => {
      const { catalog } = await ok(api, {}, CATALOG, { handle: business.handle, first: 100 });
      const ids = catalog.edges.map((e: { node: { id: string } }) => e.node.id);
      expect(ids).not.toContain(hiddenId);
      expect(ids).not.toContain(archivedId);
      expect((await ok(api, {}, PRODUCT, { id: hiddenId })).product).toBeNull();
      expect((await ok(api, {}, PRODUCT, { id: archivedId })).product).toBeNull();
      expect((await ok(api, {}, PRODUCT, { id: withoutPhotoId })).product).toBeNull();
      expect(ids).not.toContain(withoutPhotoId);
      expect((await ok(api, {}, PRODUCT, { id: visibleIds[0] })).product.id).toBe(visibleIds[0]);
    });

    it('refuses a cursor it did not make, and shows an unknown handle as an empty catalog', async () => {
      expect(await refused(api, {}, CATALOG, { handle: business.handle, after: 'bm90IGEgY3Vyc29y' })).toBe('BAD_USER_INPUT');
      const { catalog } = await ok(api, {}, CATALOG, { handle: 'no.such.shop' });
      expect(catalog).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it('costs a fixed number of SQL queries for a page of 20 products with variants, whatever the page size', async () => {
      // Counted where every MikroORM query goes to PostgreSQL: the connection's execute.
      const connection = api.get(MikroORM).em.getConnection();
      const spy = jest.spyOn(connection, 'execute');
      const queriesFor = async (first: number) => {
        spy.mockClear();
        const { catalog } = await ok(api, {}, CATALOG, { handle: business.handle, first });
        expect(catalog.edges.length).toBe(first);
        expect(catalog.edges.every((e: { node: { variants: unknown[] } }) => e.node.variants.length > 0)).toBe(true);
        expect(catalog.edges.every((e: { node: { photos: unknown[] } }) => e.node.photos.length === 1)).toBe(true);
        return spy.mock.calls.length;
      };
      try {
        const twenty = await queriesFor(20);
        const five = await queriesFor(5);
        // The business by handle, then the page with every product's variants and photos (as JSON) in one query.
        expect(twenty).toBe(2);
        expect(five).toBe(twenty);
      } finally {
        spy.mockRestore();
      }
    });
  });
});
