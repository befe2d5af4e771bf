import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { CheckoutSettingsQuery, CreateDiscountCode, DeactivateDiscountCode, UpdateCheckoutSettings } from '../../graphql/console';
import { errorText } from '../../lib/hooks';
import { formatMoney, minorToDecimal } from '../../lib/money';
import { Empty, ErrorNote, Field, Spinner } from '../../components/ui';

const CODES = { additionalTypenames: ['DiscountCode'] };

/** Checkout settings: auto-accept, tax, language, payment window; shipping shown; discount codes. */
export function Settings({ businessId, currency }: { businessId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: CheckoutSettingsQuery, variables: { businessId }, context: CODES });
  const [saving, update] = useMutation(UpdateCheckoutSettings);
  const [creating, createCode] = useMutation(CreateDiscountCode);
  const [, deactivate] = useMutation(DeactivateDiscountCode);
  const [form, setForm] = useState({ autoAccept: true, tax: '0', language: 'en', windowMin: '30' });
  const [code, setCode] = useState({ code: '', kind: 'percent', value: '' });
  const [saved, setSaved] = useState(false);
  const s = data?.checkoutSettings;
  useEffect(() => {
    if (s)
      setForm({
        autoAccept: s.autoAccept,
        tax: (s.taxRateBp / 100).toString(),
        language: s.language,
        windowMin: String(Math.round(s.paymentWindowS / 60)),
      });
  }, [s]);
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote>{errorText(error)}</ErrorNote>;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const res = await update({
      businessId,
      autoAccept: form.autoAccept,
      taxRateBp: Math.round(Number(form.tax) * 100),
      language: form.language,
      paymentWindowS: Number(form.windowMin) * 60,
    });
    if (res.data) setSaved(true);
  };

  return (
    <div className="console-page">
      <form className="card" onSubmit={submit} aria-labelledby="settings-title">
        <h2 id="settings-title">{t('console.checkout')}</h2>
        <label className="check">
          <input type="checkbox" checked={form.autoAccept} onChange={(e) => setForm({ ...form, autoAccept: e.target.checked })} />
          {t('console.autoAccept')}
        </label>
        <Field label={t('console.taxRate')}>
          {(id) => (
            <input id={id} inputMode="decimal" value={form.tax} onChange={(e) => setForm({ ...form, tax: e.target.value })} />
          )}
        </Field>
        <Field label={t('console.orderLanguage')}>
          {(id) => (
            <select id={id} value={form.language} onChange={(e) => setForm({ ...form, language: e.target.value })}>
              <option value="en">English</option>
              <option value="ms">Bahasa Melayu</option>
            </select>
          )}
        </Field>
        <Field label={t('console.paymentWindow')}>
          {(id) => (
            <input
              id={id}
              type="number"
              min={1}
              value={form.windowMin}
              onChange={(e) => setForm({ ...form, windowMin: e.target.value })}
            />
          )}
        </Field>
        {saving.error ? <ErrorNote>{errorText(saving.error)}</ErrorNote> : null}
        {saved ? <p role="status">{t('common.saved')}</p> : null}
        <button type="submit" className="primary" disabled={saving.fetching}>
          {t('common.save')}
        </button>
      </form>
      <section className="card" aria-labelledby="shipping-title">
        <h2 id="shipping-title">{t('console.shipping')}</h2>
        {data.shippingOptions.length === 0 ? <Empty>{t('console.noShipping')}</Empty> : null}
        <ul className="rows">
          {data.shippingOptions.map((o) => (
            <li key={o.id}>
              {o.name} · {formatMoney(o.fee, currency, i18n.language)}
              {o.freeOver ? ` · ${t('console.freeOver', { amount: formatMoney(o.freeOver, currency, i18n.language) })}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="codes-title">
        <h2 id="codes-title">{t('console.discountCodes')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('console.code')}</th>
              <th scope="col">{t('console.value')}</th>
              <th scope="col">{t('console.used')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('console.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {data.discountCodes.map((d) => (
              <tr key={d.id}>
                <td>{d.code}</td>
                <td>{d.kind === 'percent' ? `${d.value}%` : `${currency} ${minorToDecimal(d.value, currency)}`}</td>
                <td>
                  {d.used}
                  {d.maxUses ? ` / ${d.maxUses}` : ''}
                </td>
                <td>
                  {d.active ? (
                    <button type="button" className="small" onClick={() => void deactivate({ id: d.id })}>
                      {t('console.deactivate')}
                    </button>
                  ) : (
                    <span className="muted">{t('console.inactive')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          className="row"
          onSubmit={async (e) => {
            e.preventDefault();
            const res = await createCode({ businessId, ...code });
            if (res.data) setCode({ code: '', kind: code.kind, value: '' });
          }}
        >
          <Field label={t('console.code')}>
            {(id) => (
              <input
                id={id}
                required
                value={code.code}
                onChange={(e) => setCode({ ...code, code: e.target.value.toUpperCase() })}
              />
            )}
          </Field>
          <Field label={t('console.kind')}>
            {(id) => (
              <select id={id} value={code.kind} onChange={(e) => setCode({ ...code, kind: e.target.value })}>
                <option value="percent">{t('console.percent')}</option>
                <option value="fixed">{t('console.fixed')}</option>
              </select>
            )}
          </Field>
          <Field label={code.kind === 'percent' ? t('console.percentValue') : t('console.fixedValue')}>
            {(id) => (
              <input
                id={id}
                required
                inputMode="numeric"
                value={code.value}
                onChange={(e) => setCode({ ...code, value: e.target.value })}
              />
            )}
          </Field>
          <button type="submit" disabled={creating.fetching}>
            {t('console.addCode')}
          </button>
        </form>
        {creating.error ? <ErrorNote>{errorText(creating.error)}</ErrorNote> : null}
      </section>
    </div>
  );
}
