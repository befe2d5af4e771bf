import type { INestApplication } from '@nestjs/common';
import { signIn, type SignedIn } from './support/auth';
import { businessInput, ok, OPS, refused } from './support/business-access';
import { uploadPhoto } from './support/catalog';
import { TestEnv } from './support/test-env';

const CREATE = `mutation($businessId: ID!, $input: CreateProductInput!) { createProduct(businessId: $businessId, input: $input) { id } }`;
const PRODUCTS = `query($businessId: ID!, $search: String, $archived: Boolean, $first: Int, $after: String) {
  businessProducts(businessId: $businessId, search: $search, archived: $archived, first: $first, after: $after) {
    edges { node { id retailerId name availability archivedAt photos { id } variants { sku stock } } }
    pageInfo { hasNextPage endCursor } } }`;
const PRODUCT = `query($id: ID!) { businessProduct(id: $id) { id name archivedAt variants { sku } } }`;
const COLLECTIONS = `query($businessId: ID!) { businessCollections(businessId: $businessId) { id name productCount productIds } }`;
const PUBLIC_COLLECTIONS = `query($handle: String!) { collections(handle: $handle) { id productIds } }`;

/**
 * The merchant's side of reading a catalog: the editor lists every product (hidden ones and ones
 * without a photo, which shoppers never see), finds them by name or SKU, pages through them, and
 * sees a collection's full contents in order. Only people with catalog:write.
 */
describe('catalog: the merchant reads their whole catalog', () => {
  let env: TestEnv;
  let api: INestApplication;
  let owner: SignedIn;
  let agent: SignedIn;
  let stranger: SignedIn;
  let business: { id: string; handle: string };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await TestEnv.create();
    api = await env.api({ env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' } });
    [owner, agent, stranger] = [await signIn(env, api), await signIn(env, api), await signIn(env, api)];
    business = (await ok(api, owner.auth, OPS.create, { input: businessInput() })).createBusiness;
    const invitation = (await ok(api, owner.auth, OPS.invite, { businessId: business.id, phone: agent.phone, role: 'AGENT' }))
      .inviteMember;
    await ok(api, agent.auth, OPS.accept, { id: invitation.id });
    const photo = await uploadPhoto(api, owner.auth, business.id);
    const make = async (retailerId: string, name: string, extra: Record<string, unknown> = {}) => {
      const input = { retailerId, name, price: '1250', currency: 'MYR', ...extra };
      ids[retailerId] = (await ok(api, owner.auth, CREATE, { businessId: business.id, input })).createProduct.id;
    };
    await make('KOPI-O', 'Kopi O', { photos: [photo] });
    await make('TEH-TARIK', 'Teh Tarik'); // no photo: shoppers do not see it
    await make('MILO-50%', 'Milo Dinosaur', { photos: [photo], availability: 'HIDDEN' });
    await make('ROTI', 'Roti Bakar', { photos: [photo] });
    await ok(api, owner.auth, `mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id: ids.ROTI });
  });
  afterAll(() => env.close());

  const list = async (vars: Record<string, unknown> = {}) =>
    (await ok(api, owner.auth, PRODUCTS, { businessId: business.id, ...vars })).businessProducts;
  const skus = (page: { edges: { node: { retailerId: string } }[] }) => page.edges.map((e) => e.node.retailerId);

  it('lists every live product in catalog order, hidden and photo-less ones included', async () => {
    expect(skus(await list())).toEqual(['KOPI-O', 'TEH-TARIK', 'MILO-50%']);
    const shoppers = await ok(api, {}, `query($h: String!) { catalog(handle: $h) { edges { node { retailerId } } } }`, {
      h: business.handle,
    });
    expect(skus(shoppers.catalog)).toEqual(['KOPI-O']);
  });

  it('lists archived products apart', async () => {
    const archived = await list({ archived: true });
    expect(skus(archived)).toEqual(['ROTI']);
    expect(archived.edges[0].node.archivedAt).toEqual(expect.any(String));
  });

  it('finds by name or SKU in any case; LIKE wildcards in the search are plain text', async () => {
    expect(skus(await list({ search: 'tarik' }))).toEqual(['TEH-TARIK']);
    expect(skus(await list({ search: 'kopi-o' }))).toEqual(['KOPI-O']);
    expect(skus(await list({ search: '50%' }))).toEqual(['MILO-50%']);
    expect(skus(await list({ search: '%' }))).toEqual(['MILO-50%']);
    expect(skus(await list({ search: 'nothing like it' }))).toEqual([]);
  });

  it('pages with cursors, and refuses a cursor of another listing', async () => {
    const first = await list({ first: 2 });
    expect(skus(first)).toEqual(['KOPI-O', 'TEH-TARIK']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(skus(second)).toEqual(['MILO-50%']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const catalogCursor = (
      await ok(api, {}, `query($h: String!) { catalog(handle: $h) { pageInfo { endCursor } } }`, { h: business.handle })
    ).catalog.pageInfo.endCursor;
    expect(await refused(api, owner.auth, PRODUCTS, { businessId: business.id, after: catalogCursor })).toBe('BAD_USER_INPUT');
  });

  it('reads one product in any state', async () => {
    const archived = (await ok(api, owner.auth, PRODUCT, { id: ids.ROTI })).businessProduct;
    expect(archived).toMatchObject({ id: ids.ROTI, variants: [{ sku: 'ROTI' }], archivedAt: expect.any(String) });
  });

  it('shows a collection’s full contents in order, hidden products included, while shoppers count the visible', async () => {
    const made = (
      await ok(
        api,
        owner.auth,
        `mutation($b: ID!, $p: [ID!]!) { createCollection(businessId: $b, name: "Drinks", productIds: $p) { id } }`,
        { b: business.id, p: [ids['MILO-50%'], ids['KOPI-O'], ids['TEH-TARIK']] },
      )
    ).createCollection;
    const [collection] = (await ok(api, owner.auth, COLLECTIONS, { businessId: business.id })).businessCollections;
    expect(collection).toEqual({
      id: made.id,
      name: 'Drinks',
      productCount: 1,
      productIds: [ids['MILO-50%'], ids['KOPI-O'], ids['TEH-TARIK']],
    });
  });

  it('refuses people without catalog:write, and shoppers asking for a collection’s hidden contents', async () => {
    for (const who of [agent, stranger]) {
      expect(await refused(api, who.auth, PRODUCTS, { businessId: business.id })).toBe('FORBIDDEN');
      expect(await refused(api, who.auth, PRODUCT, { id: ids['KOPI-O'] })).toBe('FORBIDDEN');
      expect(await refused(api, who.auth, COLLECTIONS, { businessId: business.id })).toBe('FORBIDDEN');
    }
    expect(await refused(api, stranger.auth, PRODUCT, { id: ids['KOPI-O'] })).toBe('FORBIDDEN');
    // An unknown id is refused like another business's, so ids cannot be probed.
    expect(await refused(api, owner.auth, PRODUCT, { id: '00000000-0000-4000-8000-000000000000' })).toBe('FORBIDDEN');
    expect(await refused(api, {}, PRODUCTS, { businessId: business.id })).toBe('UNAUTHENTICATED');
    expect(await refused(api, stranger.auth, PUBLIC_COLLECTIONS, { handle: business.handle })).toBe('FORBIDDEN');
  });
});
