import { Product } from './product.entity';
import { ProductVariant } from './product-variant.entity';

const BUSINESS = '01935d6a-0000-7000-8000-000000000001';
const base = { businessId: BUSINESS, retailerId: 'KOPI', name: 'Kopi', priceMinor: 1250n, currency: 'MYR', position: 0 };

describe('Product', () => {
  it('trims the name and SKU and starts in stock, visible', () => {
    const p = new Product({ ...base, name: '  Kopi O ', retailerId: ' K1 ' });
    expect([p.name, p.retailerId, p.availability, p.visible]).toEqual(['Kopi O', 'K1', 'in_stock', true]);
  });

  it.each([
    [{ name: ' ' }, /name/],
    [{ name: 'x'.repeat(201) }, /name/],
    [{ description: 'x'.repeat(5001) }, /description/],
    [{ priceMinor: 0n }, /price/],
    [{ priceMinor: 10n ** 12n + 1n }, /price/],
    [{ salePriceMinor: 1250n }, /salePrice/],
    [{ retailerId: '' }, /retailerId/],
  ])('refuses %p', (bad, message) => {
    expect(() => new Product({ ...base, ...bad })).toThrow(message);
  });

  it('changes all or nothing: a bad sale price leaves the name as it was', () => {
    const p = new Product(base);
    expect(() => p.change({ name: 'Teh', salePriceMinor: 5000n })).toThrow(RangeError);
    expect(p.name).toBe('Kopi');
  });

  it('is hidden from shoppers once hidden or archived; archiving keeps the first time', () => {
    const p = new Product({ ...base, availability: 'hidden' });
    expect(p.visible).toBe(false);
    const q = new Product(base);
    q.archive(new Date(1000));
    q.archive(new Date(2000));
    expect([q.visible, q.archivedAt?.getTime()]).toEqual([false, 1000]);
  });
});

describe('ProductVariant', () => {
  const v = { productId: BUSINESS, businessId: BUSINESS, sku: 'S', priceMinor: 100n, position: 0 };
  it('is the default variant without options, untracked stock by default', () => {
    const d = new ProductVariant(v);
    expect([d.isDefault, d.stock]).toEqual([true, null]);
  });
  it('refuses negative or fractional stock', () => {
    expect(() => new ProductVariant({ ...v, stock: -1 })).toThrow(/stock/);
    expect(() => new ProductVariant({ ...v, stock: 1.5 })).toThrow(/stock/);
  });
});
