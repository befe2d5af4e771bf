import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { AddCard } from '../../graphql/operations';
import type { FundingSourceFieldsFragment } from '../../gql/graphql';
import { errorText } from '../../lib/hooks';
import { ErrorNote, Field } from '../ui';

/** The simulator's test cards (README, Payments), listed outside production. */
export const TEST_CARDS = [
  { number: '4242424242424242', label: 'succeeds' },
  { number: '4000002760003184', label: '3-D Secure' },
  { number: '4000000000000002', label: 'declined' },
  { number: '4000000000009995', label: 'insufficient funds' },
];

export function useDevelopment(): boolean {
  const [dev, setDev] = useState(false);
  useEffect(() => {
    fetch('/app-config.json')
      .then((r) => (r.ok ? (r.json() as Promise<{ env: string }>) : null))
      .then((c) => setDev(!!c && c.env !== 'production'))
      .catch(() => setDev(false));
  }, []);
  return dev;
}

/** "Visa ···· 4242 (12/34)", "Kedai wallet (MYR)": what a person recognises their source by. */
export function sourceName(s: FundingSourceFieldsFragment): string {
  if (s.kind === 'CARD') {
    const brand = s.brand ? s.brand[0].toUpperCase() + s.brand.slice(1) : 'Card';
    const exp = s.expMonth && s.expYear ? ` (${String(s.expMonth).padStart(2, '0')}/${String(s.expYear).slice(-2)})` : '';
    return `${brand} ···· ${s.last4 ?? ''}${exp}`;
  }
  return s.label || (s.kind === 'KEDAI_WALLET' ? `Kedai wallet${s.currency ? ` (${s.currency})` : ''}` : 'Wallet');
}

/** Saved cards and wallets to pay with, the default first, and adding a new card. */
export function FundingPicker({
  sources,
  value,
  onChange,
  onAdded,
}: {
  sources: FundingSourceFieldsFragment[];
  value: string | null;
  onChange: (id: string) => void;
  onAdded: (source: FundingSourceFieldsFragment) => void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(sources.length === 0);
  return (
    <div className="funding">
      {sources.length > 0 ? (
        <fieldset>
          <legend>{t('pay.payWith')}</legend>
          {sources.map((s) => (
            <label key={s.id} className="radio">
              <input type="radio" name="funding" checked={value === s.id} onChange={() => onChange(s.id)} />
              {sourceName(s)}
              {s.isDefault ? <small className="muted"> · {t('pay.default')}</small> : null}
            </label>
          ))}
        </fieldset>
      ) : null}
      {adding ? (
        <NewCard
          onAdded={(s) => {
            setAdding(false);
            onAdded(s);
          }}
        />
      ) : (
        <button type="button" className="link" onClick={() => setAdding(true)}>
          + {t('pay.addCard')}
        </button>
      )}
    </div>
  );
}

function NewCard({ onAdded }: { onAdded: (s: FundingSourceFieldsFragment) => void }) {
  const { t } = useTranslation();
  const dev = useDevelopment();
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [result, addCard] = useMutation(AddCard);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    setProblem(null);
    const m = /^(\d{1,2})\s*\/\s*(\d{2}|\d{4})$/.exec(expiry.trim());
    if (!m) return setProblem(t('pay.badExpiry'));
    const res = await addCard({
      input: { number: number.replace(/\s/g, ''), expMonth: Number(m[1]), expYear: Number(m[2]), cvc, makeDefault: true },
    });
    if (res.data) onAdded(res.data.addCard);
  };

  // A sub-form inside the pay sheet's form: its own submit button, not a nested <form>.
  return (
    <div className="new-card" role="group" aria-label={t('pay.newCard')}>
      <Field label={t('pay.cardNumber')}>
        {(id) => (
          <input
            id={id}
            inputMode="numeric"
            autoComplete="cc-number"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        <Field label={t('pay.expiry')}>
          {(id) => (
            <input id={id} placeholder="MM/YY" autoComplete="cc-exp" value={expiry} onChange={(e) => setExpiry(e.target.value)} />
          )}
        </Field>
        <Field label={t('pay.cvc')}>
          {(id) => (
            <input
              id={id}
              inputMode="numeric"
              autoComplete="cc-csc"
              maxLength={4}
              value={cvc}
              onChange={(e) => setCvc(e.target.value)}
            />
          )}
        </Field>
      </div>
      {dev ? (
        <div className="dev-note" role="note">
          {t('pay.testCards')}
          <ul>
            {TEST_CARDS.map((c) => (
              <li key={c.number}>
                <button
                  type="button"
                  className="link"
                  onClick={() => {
                    setNumber(c.number);
                    setExpiry('12/34');
                    setCvc('123');
                  }}
                >
                  {c.number}
                </button>{' '}
                {c.label}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {problem || result.error ? <ErrorNote>{problem ?? errorText(result.error)}</ErrorNote> : null}
      <button type="button" className="primary" disabled={result.fetching || !number || !cvc} onClick={() => void submit()}>
        {t('pay.saveCard')}
      </button>
    </div>
  );
}
