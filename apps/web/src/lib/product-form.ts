import type {
  CreateProductInput,
  CreateVariantInput,
  EditorProductFieldsFragment,
  ProductAvailability,
  UpdateProductInput,
  UpdateVariantInput,
} from '../gql/graphql';
import { minorToDecimal, parseMoneyInput } from './money';

/**
 * The product editor's form and what saving it takes: one createProduct for a new product; for an
 * existing one, updateProduct plus one call per photo set and variant changed (the API edits
 * variants one at a time). Prices are typed as people write them and read exactly (parseMoneyInput).
 */
export interface VariantDraft {
  /** Set for a variant that exists; its SKU and options are then fixed (the API changes only price and stock). */
  id?: string;
  sku: string;
  /** One value per option name, in the same order. */
  values: string[];
  /** Empty: the product's price. */
  price: string;
  /** Empty: not tracked. */
  stock: string;
}

export interface PhotoDraft {
  id: string;
  preview: string;
}

export interface ProductForm {
  retailerId: string;
  name: string;
  description: string;
  price: string;
  salePrice: string;
  availability: ProductAvailability;
  /** Stock of a product without options (its one default variant). */
  stock: string;
  /** Option names such as Size, Colour; none: a plain product. */
  optionNames: string[];
  variants: VariantDraft[];
  photos: PhotoDraft[];
}

export type FormErrors = Partial<Record<string, string>>;

export type VariantStep =
  | { kind: 'add'; input: CreateVariantInput }
  | { kind: 'update'; id: string; input: UpdateVariantInput }
  | { kind: 'remove'; id: string };

export type SavePlan =
  | { kind: 'invalid'; errors: FormErrors }
  | { kind: 'create'; input: CreateProductInput }
  | { kind: 'update'; id: string; input: UpdateProductInput; photos: string[] | null; variants: VariantStep[] };

export function emptyForm(): ProductForm {
  return {
    retailerId: '',
    name: '',
    description: '',
    price: '',
    salePrice: '',
    availability: 'IN_STOCK',
    stock: '',
    optionNames: [],
    variants: [],
    photos: [],
  };
}

const stockText = (stock: number | null | undefined) => (stock === null || stock === undefined ? '' : String(stock));

/** The form for an existing product, its prices as decimals in its currency. */
export function formFromProduct(p: EditorProductFieldsFragment): ProductForm {
  const currency = p.price.currency;
  const withOptions = p.variants.filter((v) => v.options.length > 0);
  const optionNames = withOptions[0]?.options.map((o) => o.name) ?? [];
  return {
    retailerId: p.retailerId,
    name: p.name,
    description: p.description,
    price: minorToDecimal(p.price.amount, currency),
    salePrice: p.salePrice ? minorToDecimal(p.salePrice.amount, currency) : '',
    availability: p.availability,
    stock: withOptions.length ? '' : stockText(p.variants[0]?.stock),
    optionNames,
    variants: withOptions.map((v) => ({
      id: v.id,
      sku: v.sku,
      values: optionNames.map((n) => v.options.find((o) => o.name === n)?.value ?? ''),
      price: v.price.amount === p.price.amount ? '' : minorToDecimal(v.price.amount, currency),
      stock: stockText(v.stock),
    })),
    photos: p.photos.map((ph) => ({ id: ph.id, preview: ph.thumbnail.webp })),
  };
}

/** A new variant row: SKU suggested from the product's SKU and its position. */
export function newVariant(form: ProductForm): VariantDraft {
  const n = form.variants.length + 1;
  return { sku: form.retailerId ? `${form.retailerId}-${n}` : '', values: form.optionNames.map(() => ''), price: '', stock: '' };
}

function readStock(text: string, field: string, errors: FormErrors): number | null {
  if (text.trim() === '') return null;
  if (!/^\d{1,9}$/.test(text.trim())) {
    errors[field] = 'stock';
    return null;
  }
  return Number(text.trim());
}

function readPrice(text: string, currency: string, field: string, errors: FormErrors, required: boolean): string | null {
  if (text.trim() === '') {
    if (required) errors[field] = 'required';
    return null;
  }
  const minor = parseMoneyInput(text, currency);
  if (minor === null) errors[field] = 'price';
  return minor;
}

/** Checks the form and says what saving it takes; error values are message keys (catalog.errors.*). */
export function planSave(form: ProductForm, original: EditorProductFieldsFragment | null, currency: string): SavePlan {
  const errors: FormErrors = {};
  if (!form.name.trim()) errors.name = 'required';
  if (!original && !form.retailerId.trim()) errors.retailerId = 'required';
  const price = readPrice(form.price, currency, 'price', errors, true);
  const salePrice = readPrice(form.salePrice, currency, 'salePrice', errors, false);
  if (price && salePrice && BigInt(salePrice) >= BigInt(price)) errors.salePrice = 'saleAbovePrice';
  const names = form.optionNames.map((n) => n.trim());
  names.forEach((n, i) => {
    if (!n) errors[`optionNames.${i}`] = 'required';
  });
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) errors['optionNames.1'] = 'duplicate';
  if (names.length > 0 && form.variants.length === 0) errors.variants = 'noVariants';
  const seenSkus = new Set<string>();
  const seenValues = new Set<string>();
  const variants = form.variants.map((v, i) => {
    const sku = v.sku.trim();
    if (!sku) errors[`variants.${i}.sku`] = 'required';
    else if (seenSkus.has(sku)) errors[`variants.${i}.sku`] = 'duplicate';
    seenSkus.add(sku);
    v.values.forEach((value, j) => {
      if (!value.trim()) errors[`variants.${i}.values.${j}`] = 'required';
    });
    const key = v.values.map((x) => x.trim().toLowerCase()).join('\u0000');
    if (seenValues.has(key)) errors[`variants.${i}.values.0`] = 'duplicate';
    seenValues.add(key);
    return {
      draft: v,
      sku,
      price: readPrice(v.price, currency, `variants.${i}.price`, errors, false),
      stock: readStock(v.stock, `variants.${i}.stock`, errors),
    };
  });
  const stock = readStock(form.stock, 'stock', errors);
  if (Object.keys(errors).length > 0 || price === null) return { kind: 'invalid', errors };

  const options = (values: string[]) => names.map((name, j) => ({ name, value: values[j]!.trim() }));
  if (!original) {
    return {
      kind: 'create',
      input: {
        retailerId: form.retailerId.trim(),
        name: form.name.trim(),
        description: form.description.trim(),
        price,
        ...(salePrice ? { salePrice } : {}),
        currency,
        availability: form.availability,
        photos: form.photos.map((p) => p.id),
        ...(names.length
          ? {
              variants: variants.map((v) => ({
                sku: v.sku,
                options: options(v.draft.values),
                ...(v.price ? { price: v.price } : {}),
                ...(v.stock !== null ? { stock: v.stock } : {}),
              })),
            }
          : stock !== null
            ? { stock }
            : {}),
      },
    };
  }

  const input: UpdateProductInput = {};
  if (form.name.trim() !== original.name) input.name = form.name.trim();
  if (form.description.trim() !== original.description) input.description = form.description.trim();
  if (price !== original.price.amount) input.price = price;
  if ((salePrice ?? null) !== (original.salePrice?.amount ?? null)) input.salePrice = salePrice;
  if (form.availability !== original.availability) input.availability = form.availability;
  const photoIds = form.photos.map((p) => p.id);
  const photosChanged = photoIds.join() !== original.photos.map((p) => p.id).join();

  const steps: VariantStep[] = [];
  if (names.length === 0) {
    const only = original.variants[0];
    if (only && stock !== only.stock) steps.push({ kind: 'update', id: only.id, input: { stock } });
  } else {
    for (const v of variants) {
      const before = v.draft.id ? original.variants.find((o) => o.id === v.draft.id) : undefined;
      const wanted = v.price ?? price;
      if (!before) {
        steps.push({
          kind: 'add',
          input: { sku: v.sku, options: options(v.draft.values), price: wanted, ...(v.stock !== null ? { stock: v.stock } : {}) },
        });
        continue;
      }
      const change: UpdateVariantInput = {};
      if (wanted !== before.price.amount) change.price = wanted;
      if (v.stock !== before.stock) change.stock = v.stock;
      if (Object.keys(change).length) steps.push({ kind: 'update', id: before.id, input: change });
    }
    // Removals last: the API keeps a product's last variant, so a replacement is added first.
    for (const o of original.variants) if (!form.variants.some((v) => v.id === o.id)) steps.push({ kind: 'remove', id: o.id });
  }
  return { kind: 'update', id: original.id, input, photos: photosChanged ? photoIds : null, variants: steps };
}
