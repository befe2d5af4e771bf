import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { Me, SignOut, UpdateProfile } from '../graphql/operations';
import { errorText } from '../lib/hooks';
import { saveTokens } from '../lib/session';
import { ErrorNote, Field, Spinner } from '../components/ui';
import { LanguagePicker } from '../components/LanguagePicker';

/** Me: name, handle (my payment link), date of birth and country (to pay), language, sign out. */
export default function Profile() {
  const { t } = useTranslation();
  const client = useClient();
  const [{ data }] = useQuery({ query: Me });
  const [saving, update] = useMutation(UpdateProfile);
  const [, signOut] = useMutation(SignOut);
  const [form, setForm] = useState({ displayName: '', handle: '', dateOfBirth: '', country: '' });
  const [saved, setSaved] = useState(false);
  const me = data?.me;
  useEffect(() => {
    if (me)
      setForm({
        displayName: me.displayName ?? '',
        handle: me.handle ?? '',
        dateOfBirth: me.dateOfBirth ?? '',
        country: me.country ?? '',
      });
  }, [me]);
  if (!me) return <Spinner label={t('common.loading')} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const input = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== ''));
    const res = await update({ input });
    if (res.data) setSaved(true);
  };

  return (
    <div className="page">
      <h1>{t('profile.title')}</h1>
      <p className="muted">{me.phone}</p>
      <form onSubmit={submit} className="card">
        <Field label={t('profile.name')}>
          {(id) => <input id={id} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} />}
        </Field>
        <Field label={t('profile.handle')} hint={t('profile.handleHint')}>
          {(id) => <input id={id} value={form.handle} onChange={(e) => setForm({ ...form, handle: e.target.value })} />}
        </Field>
        <Field label={t('profile.dateOfBirth')}>
          {(id) => (
            <input
              id={id}
              type="date"
              value={form.dateOfBirth}
              onChange={(e) => setForm({ ...form, dateOfBirth: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('profile.country')}>
          {(id) => (
            <input
              id={id}
              maxLength={2}
              value={form.country}
              onChange={(e) => setForm({ ...form, country: e.target.value.toUpperCase() })}
            />
          )}
        </Field>
        {saving.error ? <ErrorNote>{errorText(saving.error)}</ErrorNote> : null}
        {saved ? <p role="status">{t('common.saved')}</p> : null}
        <button type="submit" className="primary" disabled={saving.fetching}>
          {t('common.save')}
        </button>
      </form>
      <div className="card">
        <LanguagePicker />
      </div>
      {me.platformAdmin ? (
        // Operators only: the dashboard itself sits behind ADMIN_TOKEN; this is just the way there.
        <section className="card" aria-labelledby="operators-title">
          <h2 id="operators-title">{t('profile.operators')}</h2>
          <p className="muted">{t('profile.queueDashboardHint')}</p>
          <a href="/admin/queues" target="_blank" rel="noreferrer">
            {t('profile.queueDashboard')}
          </a>
        </section>
      ) : null}
      <button
        type="button"
        className="danger"
        onClick={async () => {
          await signOut({}).catch(() => undefined);
          saveTokens(null);
          void client;
          location.assign('/');
        }}
      >
        {t('profile.signOut')}
      </button>
    </div>
  );
}
