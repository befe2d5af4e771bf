import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import {
  AddVariant,
  ArchiveProduct,
  CreateProduct,
  RemoveVariant,
  SetProductPhotos,
  UpdateProduct,
  UpdateVariant,
} from '../../../graphql/catalog';
import type { EditorProductFieldsFragment, ProductAvailability } from '../../../gql/graphql';
import { errorText } from '../../../lib/hooks';
import { fractionDigits } from '../../../lib/money';
import { emptyForm, formFromProduct, newVariant, planSave, type FormErrors, type ProductForm } from '../../../lib/product-form';
import { ErrorNote, Sheet } from '../../../components/ui';
import { PhotoPicker } from './PhotoPicker';

const AVAILABILITY: ProductAvailability[] = ['IN_STOCK', 'OUT_OF_STOCK', 'HIDDEN'];
const MAX_OPTIONS = 3;

/** The product sheet: create or edit a product, its photos and its variants; archive it. */
export function ProductEditor({
  businessId,
  currency,
  product,
  onClose,
}: {
  businessId: string;
  currency: string;
  product: EditorProductFieldsFragment | null;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [form, setForm] = useState<ProductForm>(() => (product ? formFromProduct(product) : emptyForm()));
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const set = (patch: Partial<ProductForm>) => setForm((f) => ({ ...f, ...patch }));
  const err = (key: string) => {
    const e = errors[key];
    return e ? t(`catalog.errors.${e}`, { currency }) : null;
  };

  // Each call's error stops the save: what ran before it stays saved, and the form stays open to retry.
  const run = async <T,>(call: Promise<{ error?: unknown; data?: T }>) => {
    const res = await call;
    if (res.error) throw res.error;
    return res.data as T;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const plan = planSave(form, product, currency);
    if (plan.kind === 'invalid') {
      setErrors(plan.errors);
      // Focus the first field with a problem, so a keyboard or screen reader user lands on it.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.product-form [aria-invalid="true"]')?.focus());
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      if (plan.kind === 'create') {
        await run(client.mutation(CreateProduct, { businessId, input: plan.input }).toPromise());
      } else {
        if (Object.keys(plan.input).length)
          await run(client.mutation(UpdateProduct, { id: plan.id, input: plan.input }).toPromise());
        if (plan.photos) await run(client.mutation(SetProductPhotos, { id: plan.id, photos: plan.photos }).toPromise());
        for (const step of plan.variants) {
          if (step.kind === 'add') await run(client.mutation(AddVariant, { productId: plan.id, input: step.input }).toPromise());
          else if (step.kind === 'update')
            await run(client.mutation(UpdateVariant, { id: step.id, input: step.input }).toPromise());
          else await run(client.mutation(RemoveVariant, { id: step.id }).toPromise());
        }
      }
      onClose(true);
    } catch (error) {
      setFailure(errorText(error as Parameters<typeof errorText>[0]));
    } finally {
      setBusy(false);
    }
  };

  const archive = async () => {
    if (!product) return;
    setBusy(true);
    const res = await client.mutation(ArchiveProduct, { id: product.id }).toPromise();
    setBusy(false);
    if (res.error) setFailure(errorText(res.error));
    else onClose(true);
  };

  const field = (key: string, label: string, input: (id: string, invalid: boolean) => React.ReactNode, hint?: string) => {
    const id = `pf-${key.replace(/\W/g, '-')}`;
    const problem = err(key);
    return (
      <div className="field">
        <label htmlFor={id}>{label}</label>
        {input(id, problem !== null)}
        {problem ? (
          <small className="error-text" id={`${id}-error`}>
            {problem}
          </small>
        ) : hint ? (
          <small className="hint">{hint}</small>
        ) : null}
      </div>
    );
  };
  const described = (id: string, invalid: boolean) => ({
    id,
    'aria-invalid': invalid || undefined,
    'aria-describedby': invalid ? `${id}-error` : undefined,
  });
  const decimals = fractionDigits(currency);
  const moneyPlaceholder = decimals ? `0.${'0'.repeat(decimals)}` : '0';

  const setVariant = (i: number, patch: Partial<ProductForm['variants'][number]>) =>
    set({ variants: form.variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) });

  return (
    <Sheet title={product ? t('catalog.editTitle') : t('catalog.newTitle')} onClose={() => onClose(false)} wide>
      <form className="product-form" onSubmit={save} noValidate>
        {field('name', t('catalog.name'), (id, bad) => (
          <input {...described(id, bad)} value={form.name} onChange={(e) => set({ name: e.target.value })} autoComplete="off" />
        ))}
        <div className="grid-2">
          {field(
            'retailerId',
            t('catalog.sku'),
            (id, bad) => (
              <input
                {...described(id, bad)}
                value={form.retailerId}
                readOnly={product !== null}
                onChange={(e) => set({ retailerId: e.target.value })}
                autoComplete="off"
              />
            ),
            product ? t('catalog.skuFixed') : undefined,
          )}
          {field('availability', t('catalog.availability'), (id) => (
            <select
              id={id}
              value={form.availability}
              onChange={(e) => set({ availability: e.target.value as ProductAvailability })}
            >
              {AVAILABILITY.map((a) => (
                <option key={a} value={a}>
                  {t(`catalog.availabilityOf.${a}`)}
                </option>
              ))}
            </select>
          ))}
        </div>
        {field('description', t('catalog.description'), (id) => (
          <textarea id={id} rows={3} value={form.description} onChange={(e) => set({ description: e.target.value })} />
        ))}
        <div className="grid-3">
          {field('price', `${t('catalog.price')} (${currency})`, (id, bad) => (
            <input
              {...described(id, bad)}
              inputMode="decimal"
              placeholder={moneyPlaceholder}
              value={form.price}
              onChange={(e) => set({ price: e.target.value })}
            />
          ))}
          {field('salePrice', `${t('catalog.salePrice')} (${currency})`, (id, bad) => (
            <input
              {...described(id, bad)}
              inputMode="decimal"
              placeholder={moneyPlaceholder}
              value={form.salePrice}
              onChange={(e) => set({ salePrice: e.target.value })}
            />
          ))}
          {form.optionNames.length === 0
            ? field(
                'stock',
                t('catalog.stock'),
                (id, bad) => (
                  <input
                    {...described(id, bad)}
                    inputMode="numeric"
                    value={form.stock}
                    onChange={(e) => set({ stock: e.target.value })}
                  />
                ),
                t('catalog.stockHint'),
              )
            : null}
        </div>

        <PhotoPicker
          businessId={businessId}
          productName={form.name}
          photos={form.photos}
          onChange={(update) => setForm((f) => ({ ...f, photos: update(f.photos) }))}
        />

        <fieldset className="variants-field">
          <legend>{t('catalog.options')}</legend>
          <p className="hint">{t('catalog.optionsHint')}</p>
          {form.optionNames.map((name, i) => (
            <div className="row option-row" key={i}>
              {field(`optionNames.${i}`, t('catalog.optionName', { n: i + 1 }), (id, bad) => (
                <input
                  {...described(id, bad)}
                  placeholder={t('catalog.optionPlaceholder')}
                  value={name}
                  readOnly={form.variants.some((v) => v.id)}
                  onChange={(e) => set({ optionNames: form.optionNames.map((n, j) => (j === i ? e.target.value : n)) })}
                />
              ))}
              {form.variants.some((v) => v.id) ? null : (
                <button
                  type="button"
                  className="small"
                  onClick={() =>
                    set({
                      optionNames: form.optionNames.filter((_, j) => j !== i),
                      variants: form.variants.map((v) => ({ ...v, values: v.values.filter((_, j) => j !== i) })),
                    })
                  }
                >
                  {t('catalog.removeOption', { name: name || i + 1 })}
                </button>
              )}
            </div>
          ))}
          {form.optionNames.length < MAX_OPTIONS && !form.variants.some((v) => v.id) ? (
            <button
              type="button"
              className="small"
              onClick={() =>
                set({
                  optionNames: [...form.optionNames, ''],
                  variants: form.variants.map((v) => ({ ...v, values: [...v.values, ''] })),
                })
              }
            >
              + {t('catalog.addOption')}
            </button>
          ) : null}

          {form.optionNames.length > 0 ? (
            <>
              <h3>{t('catalog.variantsTitle')}</h3>
              {err('variants') ? <p className="error-text">{err('variants')}</p> : null}
              <ol className="variant-list">
                {form.variants.map((v, i) => (
                  <li key={v.id ?? `new-${i}`} className="variant-row" aria-label={t('catalog.variantN', { n: i + 1 })}>
                    {form.optionNames.map((name, j) =>
                      field(`variants.${i}.values.${j}`, name || t('catalog.optionName', { n: j + 1 }), (id, bad) => (
                        <input
                          {...described(id, bad)}
                          value={v.values[j] ?? ''}
                          readOnly={!!v.id}
                          onChange={(e) => setVariant(i, { values: v.values.map((x, k) => (k === j ? e.target.value : x)) })}
                        />
                      )),
                    )}
                    {field(`variants.${i}.sku`, t('catalog.sku'), (id, bad) => (
                      <input
                        {...described(id, bad)}
                        value={v.sku}
                        readOnly={!!v.id}
                        onChange={(e) => setVariant(i, { sku: e.target.value })}
                      />
                    ))}
                    {field(`variants.${i}.price`, `${t('catalog.variantPrice')} (${currency})`, (id, bad) => (
                      <input
                        {...described(id, bad)}
                        inputMode="decimal"
                        placeholder={form.price || moneyPlaceholder}
                        value={v.price}
                        onChange={(e) => setVariant(i, { price: e.target.value })}
                      />
                    ))}
                    {field(`variants.${i}.stock`, t('catalog.stock'), (id, bad) => (
                      <input
                        {...described(id, bad)}
                        inputMode="numeric"
                        value={v.stock}
                        onChange={(e) => setVariant(i, { stock: e.target.value })}
                      />
                    ))}
                    <button
                      type="button"
                      className="small danger remove-variant"
                      aria-label={t('catalog.removeVariant', { n: i + 1 })}
                      onClick={() => set({ variants: form.variants.filter((_, j) => j !== i) })}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ol>
              <button type="button" className="small" onClick={() => set({ variants: [...form.variants, newVariant(form)] })}>
                + {t('catalog.addVariant')}
              </button>
            </>
          ) : null}
        </fieldset>

        {failure ? <ErrorNote>{failure}</ErrorNote> : null}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {product ? t('catalog.save') : t('catalog.create')}
          </button>
          {product && !product.archivedAt ? (
            confirmArchive ? (
              <div className="confirm" role="group" aria-label={t('catalog.archive')}>
                <p>{t('catalog.archiveConfirm', { name: product.name })}</p>
                <button type="button" className="primary danger" disabled={busy} onClick={() => void archive()}>
                  {t('catalog.archiveYes')}
                </button>
                <button type="button" onClick={() => setConfirmArchive(false)}>
                  {t('catalog.cancel')}
                </button>
              </div>
            ) : (
              <button type="button" className="danger" onClick={() => setConfirmArchive(true)}>
                {t('catalog.archive')}
              </button>
            )
          ) : null}
        </div>
      </form>
    </Sheet>
  );
}
