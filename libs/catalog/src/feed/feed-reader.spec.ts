import { Product } from '../entities/product.entity';
import { ProductVariant } from '../entities/product-variant.entity';
import { planImport, type ExistingCatalog } from './feed-plan';
import { readFeed } from './feed-reader';
import { writeFeed } from './feed-writer';

const HEADER = 'id,title,description,availability,price,sale_price,inventory,item_group_id,size,color,option:Material,status';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');
const errorsOf = (text: string, currency = 'MYR') => readFeed(text, currency).errors.map((e) => [e.row, e.column]);

describe('reading a catalog feed', () => {
  it('reads plain rows and item groups into products, variants in file order', () => {
    const feed = readFeed(
      csv(
        'KOPI,Kopi O,Strong,in stock,3.50 MYR,,12,,,,,',
        'TEE-S,Tee,"Soft, cotton",out of stock,25.00 MYR,20.00 MYR,,TEE,S,red,cotton,active',
        'TEE-L,Tee,"Soft, cotton",out of stock,27.00 MYR,20.00 MYR,3,TEE,L,red,cotton,active',
      ),
      'MYR',
    );
    expect(feed.errors).toEqual([]);
    expect(feed.totalRows).toBe(3);
    expect(feed.optionNames).toEqual(['size', 'color', 'Material']);
    expect(feed.products).toEqual([
      {
        row: 2,
        retailerId: 'KOPI',
        grouped: false,
        name: 'Kopi O',
        description: 'Strong',
        availability: 'in_stock',
        salePriceMinor: null,
        archived: false,
        variants: [{ row: 2, sku: 'KOPI', priceMinor: 350n, stock: 12, options: {} }],
      },
      expect.objectContaining({
        row: 3,
        retailerId: 'TEE',
        grouped: true,
        description: 'Soft, cotton',
        availability: 'out_of_stock',
        salePriceMinor: 2000n,
        variants: [
          { row: 3, sku: 'TEE-S', priceMinor: 2500n, stock: null, options: { size: 'S', color: 'red', Material: 'cotton' } },
          { row: 4, sku: 'TEE-L', priceMinor: 2700n, stock: 3, options: { size: 'L', color: 'red', Material: 'cotton' } },
        ],
      }),
    ]);
  });

  it('leaves out what the file has no column for (undefined), so existing values are kept', () => {
    const feed = readFeed('ID,Title,Price\nA,Apple,1 MYR\n', 'MYR');
    expect(feed.errors).toEqual([]);
    expect(feed.products[0]).toMatchObject({
      description: undefined,
      availability: undefined,
      salePriceMinor: undefined,
      archived: undefined,
    });
    expect(feed.products[0].variants[0].stock).toBeUndefined();
  });

  it('ignores columns it does not know (a Commerce Manager feed has link, brand…) and blank lines, counting rows as a spreadsheet does', () => {
    const feed = readFeed('id,title,price,link,brand\nA,Apple,1 MYR,https://x,Acme\n\nB,,2 MYR,,\n', 'MYR');
    expect(feed.errors).toEqual([{ row: 4, column: 'title', message: 'title is required' }]);
  });

  it('uses each currency’s minor digits', () => {
    expect(readFeed('id,title,price\nA,Apple,1200 JPY', 'JPY').products[0].variants[0].priceMinor).toBe(1200n);
    expect(readFeed('id,title,price\nA,Apple,1.5 KWD', 'KWD').products[0].variants[0].priceMinor).toBe(1500n);
    expect(errorsOf('id,title,price\nA,Apple,12.5 JPY', 'JPY')).toEqual([[2, 'price']]);
  });

  it('reports every bad cell with its row and column, by the entities’ own rules', () => {
    const long = 'x'.repeat(201);
    expect(
      errorsOf(
        csv(
          `,${long},${'d'.repeat(5001)},soon,0 MYR,,-1,,,,,deleted`,
          'B,Bee,,,10000000000.01 MYR,,1.5,,,,,',
          'C,Cee,,,10 USD,,,,,,,',
          'D,Dee,,,10 MYR,10 MYR,,,,,,',
          'E,Eee,,,10 MYR,,9999999999,,,,,',
        ),
      ),
    ).toEqual([
      [2, 'id'],
      [2, 'title'],
      [2, 'description'],
      [2, 'availability'],
      [2, 'price'],
      [2, 'inventory'],
      [2, 'status'],
      [3, 'price'],
      [3, 'inventory'],
      [4, 'price'],
      [6, 'inventory'],
      [5, 'sale_price'],
    ]);
  });

  it('refuses a header without the required columns, or with a column twice', () => {
    expect(errorsOf('id,name,price\nA,Apple,1 MYR')).toEqual([[1, 'title']]);
    expect(errorsOf('id,title,price,size,option:size\nA,Apple,1 MYR,S,M')).toEqual([[1, 'option:size']]);
    expect(errorsOf('')).toEqual([[1, null]]);
    expect(errorsOf('id,title,price\n"A,Apple,1 MYR')).toEqual([[null, null]]);
  });

  it('refuses a row whose cells do not match the header', () => {
    expect(errorsOf('id,title,price\nA,Apple\nB,Bee,1 MYR,extra')).toEqual([
      [2, null],
      [3, null],
    ]);
  });

  it('refuses duplicate ids and an id that is also an item group', () => {
    expect(errorsOf(csv('A,Apple,,,1 MYR,,,,,,,', 'A,Apple,,,1 MYR,,,,,,,', 'A-1,Apple,,,1 MYR,,,A,S,,,'))).toEqual([
      [3, 'id'],
      [4, 'item_group_id'],
    ]);
  });

  it('needs the rows of an item group to agree on the product and to differ in options', () => {
    const feed = readFeed(
      csv(
        'T-S,Tee,,,10 MYR,,,T,S,,,',
        'T-M,Shirt,,,10 MYR,,,T,M,,,',
        'T-L,Tee,,hidden,10 MYR,,,T,L,,,',
        'T-X,Tee,,,10 MYR,,,T,S,,,',
      ),
      'MYR',
    );
    expect(feed.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'title'],
      [4, 'availability'],
      [5, null],
    ]);
    expect(feed.errors[0].message).toMatch(/differs from row 2/);
  });

  it('checks a group’s sale price against its cheapest variant', () => {
    expect(errorsOf(csv('T-S,Tee,,,10 MYR,12 MYR,,T,S,,,', 'T-L,Tee,,,15 MYR,12 MYR,,T,L,,,'))).toEqual([[2, 'sale_price']]);
  });

  it('refuses more than 50,000 rows', () => {
    const rows = Array.from({ length: 50_001 }, (_, i) => `S${i},T,1 MYR`);
    expect(errorsOf(['id,title,price', ...rows].join('\n'))).toEqual([[null, null]]);
  });
});

describe('planning an import against the catalog', () => {
  const BUSINESS = '01935d6a-0000-7000-8000-000000000001';
  const ctx = { businessId: BUSINESS, currency: 'MYR', now: new Date(1000), nextPosition: 7 };
  const empty = (): ExistingCatalog => ({ products: new Map(), variantsOf: new Map(), skuOwners: new Map() });

  function catalogOf(products: Product[], variants: ProductVariant[]): ExistingCatalog {
    const byId = new Map(products.map((p) => [p.id, p]));
    const variantsOf = new Map<string, ProductVariant[]>();
    for (const v of variants) variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), v]);
    return {
      products: new Map(products.map((p) => [p.retailerId, p])),
      variantsOf,
      skuOwners: new Map(variants.map((v) => [v.sku, { productId: v.productId, retailerId: byId.get(v.productId)!.retailerId }])),
    };
  }

  it('creates new products after the last position, the product priced at its cheapest variant', () => {
    const feed = readFeed(csv('T-S,Tee,,,12 MYR,,,T,S,,,', 'T-L,Tee,,,10 MYR,,,T,L,,,'), 'MYR');
    const plan = planImport(feed, empty(), ctx);
    expect(plan.counts).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const [{ product, newVariants, change }] = plan.planned;
    expect([product.retailerId, product.priceMinor, product.position, change]).toEqual(['T', 1000n, 7, 'created']);
    expect(newVariants.map((v) => [v.sku, v.priceMinor, v.position, v.productId === product.id])).toEqual([
      ['T-S', 1200n, 0, true],
      ['T-L', 1000n, 1, true],
    ]);
  });

  it('updates by SKU, adds new variants after the last, and counts what did not change', () => {
    const tee = new Product({
      businessId: BUSINESS,
      retailerId: 'T',
      name: 'Tee',
      priceMinor: 1000n,
      currency: 'MYR',
      position: 0,
    });
    const kopi = new Product({
      businessId: BUSINESS,
      retailerId: 'K',
      name: 'Kopi',
      priceMinor: 350n,
      currency: 'MYR',
      position: 1,
    });
    const v = (p: Product, sku: string, price: bigint, position: number, options = {}) =>
      new ProductVariant({ productId: p.id, businessId: BUSINESS, sku, priceMinor: price, options, position });
    const existing = catalogOf([tee, kopi], [v(tee, 'T-S', 1000n, 0, { size: 'S' }), v(kopi, 'K', 350n, 0)]);
    const feed = readFeed(
      'id,title,price,item_group_id,size\nT-S,Tee,10 MYR,T,S\nT-L,Tee,11 MYR,T,L\nK,Kopi,3.50 MYR,,\n',
      'MYR',
    );
    const plan = planImport(feed, existing, ctx);
    expect(plan.errors).toEqual([]);
    expect(plan.counts).toEqual({ created: 0, updated: 1, unchanged: 1 });
    expect(plan.planned[0].newVariants.map((x) => [x.sku, x.position])).toEqual([['T-L', 1]]);
    expect(plan.planned[0].change).toBe('updated');
  });

  it('refuses a SKU of another product, an archived product made active, and a plain row for a product with variants', () => {
    const tee = new Product({
      businessId: BUSINESS,
      retailerId: 'T',
      name: 'Tee',
      priceMinor: 1000n,
      currency: 'MYR',
      position: 0,
    });
    const old = new Product({
      businessId: BUSINESS,
      retailerId: 'OLD',
      name: 'Old',
      priceMinor: 100n,
      currency: 'MYR',
      position: 1,
    });
    old.archive(new Date(0));
    const existing = catalogOf(
      [tee, old],
      [
        new ProductVariant({
          productId: tee.id,
          businessId: BUSINESS,
          sku: 'T-S',
          priceMinor: 1000n,
          options: { size: 'S' },
          position: 0,
        }),
        new ProductVariant({ productId: old.id, businessId: BUSINESS, sku: 'OLD', priceMinor: 100n, position: 0 }),
      ],
    );
    const feed = readFeed(
      'id,title,price,item_group_id,status\nT-S,Shirt,1 MYR,SHIRT,\nOLD,Old,1 MYR,,active\nT,Tee,1 MYR,,\n',
      'MYR',
    );
    expect(planImport(feed, existing, ctx).errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'id'],
      [3, 'status'],
      [4, 'item_group_id'],
    ]);
  });

  it('round-trips: what it writes, it reads back as no change', () => {
    const feed = readFeed(
      csv(
        'KOPI,Kopi O,"Strong,\n""black""",in stock,3.50 MYR,,12,,,,,',
        'TEE-S,Tee,,hidden,25.00 MYR,20.00 MYR,,TEE,S,red,,',
        'TEE-L,Tee,,hidden,27.00 MYR,20.00 MYR,3,TEE,L,,linen,',
        'ONE,Solo,,,1 MYR,,,GROUP,,,,',
      ),
      'MYR',
    );
    const first = planImport(feed, empty(), ctx);
    expect(first.counts.created).toBe(3);
    const products = first.planned.map((p) => p.product);
    const variants = first.planned.flatMap((p) => p.newVariants);
    const written = writeFeed(products, catalogOf(products, variants).variantsOf, 'MYR');
    expect(written.rows).toBe(4);
    const again = readFeed(written.csv, 'MYR');
    expect(again.errors).toEqual([]);
    expect(planImport(again, catalogOf(products, variants), ctx).counts).toEqual({ created: 0, updated: 0, unchanged: 3 });
  });
});
