import { describe, expect, it } from 'vitest';
import type { EditorProductFieldsFragment } from '../gql/graphql';
import { emptyForm, formFromProduct, newVariant, planSave, type ProductForm } from './product-form';

const money = (amount: string) => ({ amount, currency: 'MYR', formatted: `MYR ${amount}` });
const product = (overrides: Partial<EditorProductFieldsFragment> = {}): EditorProductFieldsFragment => ({
  id: 'p1',
  name: 'Kopi',
  description: '',
  availability: 'IN_STOCK',
  retailerId: 'KOPI',
  archivedAt: null,
  price: money('1250'),
  salePrice: null,
  photos: [{ id: 'm1', thumbnail: { webp: '/media/m1/thumbnail.webp', jpeg: '' } }],
  variants: [{ id: 'v1', sku: 'KOPI', stock: 5, options: [], price: money('1250') }],
  ...overrides,
});

describe('the product form', () => {
  it('creates a plain product: prices read exactly, stock of its one variant', () => {
    const form: ProductForm = {
      ...emptyForm(),
      retailerId: ' KOPI ',
      name: 'Kopi O',
      price: '12.5',
      salePrice: '9,90',
      stock: '7',
    };
    expect(planSave(form, null, 'MYR')).toEqual({
      kind: 'create',
      input: {
        retailerId: 'KOPI',
        name: 'Kopi O',
        description: '',
        price: '1250',
        salePrice: '990',
        currency: 'MYR',
        availability: 'IN_STOCK',
        photos: [],
        stock: 7,
      },
    });
  });

  it('creates a product with variants, each at the product price unless given its own', () => {
    const base: ProductForm = { ...emptyForm(), retailerId: 'BEANS', name: 'Beans', price: '40', optionNames: ['Grind'] };
    const form = { ...base, variants: [{ ...newVariant(base), values: ['Whole'] }] };
    form.variants.push({ ...newVariant(form), values: ['Fine'], price: '42.00', stock: '3' });
    const plan = planSave(form, null, 'MYR');
    expect(plan.kind === 'create' && plan.input.variants).toEqual([
      { sku: 'BEANS-1', options: [{ name: 'Grind', value: 'Whole' }] },
      { sku: 'BEANS-2', options: [{ name: 'Grind', value: 'Fine' }], price: '4200', stock: 3 },
    ]);
  });

  it('names every problem: missing fields, bad amounts, a sale above the price, repeated SKUs and values', () => {
    const form: ProductForm = {
      ...emptyForm(),
      price: '12.345',
      salePrice: '1',
      stock: '-1',
      optionNames: ['Size', 'size'],
      variants: [
        { sku: 'A', values: ['L', 'Red'], price: 'abc', stock: '' },
        { sku: 'A', values: ['l', 'red'], price: '', stock: '1.5' },
      ],
    };
    const plan = planSave(form, null, 'MYR');
    expect(plan.kind).toBe('invalid');
    expect(plan.kind === 'invalid' && plan.errors).toEqual({
      name: 'required',
      retailerId: 'required',
      price: 'price',
      'optionNames.1': 'duplicate',
      'variants.0.price': 'price',
      'variants.1.sku': 'duplicate',
      'variants.1.values.0': 'duplicate',
      'variants.1.stock': 'stock',
      stock: 'stock',
    });
    const sale = planSave({ ...emptyForm(), retailerId: 'X', name: 'X', price: '5', salePrice: '6' }, null, 'MYR');
    expect(sale.kind === 'invalid' && sale.errors).toEqual({ salePrice: 'saleAbovePrice' });
  });

  it('updates only what changed: fields, photos, the plain product’s stock', () => {
    const original = product();
    const form = formFromProduct(original);
    expect(form).toMatchObject({ price: '12.50', stock: '5', optionNames: [], photos: [{ id: 'm1' }] });
    expect(planSave(form, original, 'MYR')).toEqual({ kind: 'update', id: 'p1', input: {}, photos: null, variants: [] });
    const edited = { ...form, name: 'Kopi Ais', salePrice: '10', stock: '', photos: [...form.photos, { id: 'm2', preview: '' }] };
    expect(planSave(edited, original, 'MYR')).toEqual({
      kind: 'update',
      id: 'p1',
      input: { name: 'Kopi Ais', salePrice: '1000' },
      photos: ['m1', 'm2'],
      variants: [{ kind: 'update', id: 'v1', input: { stock: null } }],
    });
  });

  it('adds, reprices and removes variants, removals last so the product is never left without one', () => {
    const original = product({
      variants: [
        { id: 'v1', sku: 'K-S', stock: 2, options: [{ name: 'Size', value: 'S' }], price: money('1250') },
        { id: 'v2', sku: 'K-L', stock: null, options: [{ name: 'Size', value: 'L' }], price: money('1500') },
      ],
    });
    const form = formFromProduct(original);
    expect(form.variants.map((v) => [v.values, v.price])).toEqual([
      [['S'], ''],
      [['L'], '15.00'],
    ]);
    form.variants = [
      { ...form.variants[1]!, price: '16' },
      { sku: 'K-XL', values: ['XL'], price: '', stock: '4' },
    ];
    expect(planSave(form, original, 'MYR')).toEqual({
      kind: 'update',
      id: 'p1',
      input: {},
      photos: null,
      variants: [
        { kind: 'update', id: 'v2', input: { price: '1600' } },
        { kind: 'add', input: { sku: 'K-XL', options: [{ name: 'Size', value: 'XL' }], price: '1250', stock: 4 } },
        { kind: 'remove', id: 'v1' },
      ],
    });
  });
});
