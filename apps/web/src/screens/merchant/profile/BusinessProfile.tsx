import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { BusinessProfile as ProfileQuery, UpdateBusiness } from '../../../graphql/business';
import { errorText } from '../../../lib/hooks';
import { SaveOutcome } from './SaveOutcome';
import { ErrorNote, Field, Spinner } from '../../../components/ui';
import { OpeningHoursEditor } from './OpeningHoursEditor';
import '../catalog/editor.css';

interface ProfileForm {
  name: string;
  description: string;
  category: string;
  contactPhone: string;
  timezone: string;
  logoUrl: string;
  listedInSearch: boolean;
}

/** The business's public face: name, logo, description, contact, time zone, search listing; then its opening hours. */
export function BusinessProfile({ businessId, handle, canEdit }: { businessId: string; handle: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({ query: ProfileQuery, variables: { handle } });
  const [saving, update] = useMutation(UpdateBusiness);
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [saved, setSaved] = useState(false);
  const b = data?.business;
  useEffect(() => {
    if (b)
      setForm({
        name: b.name,
        description: b.description,
        category: b.category,
        contactPhone: b.contactPhone ?? '',
        timezone: b.timezone,
        logoUrl: b.logoUrl ?? '',
        listedInSearch: b.listedInSearch,
      });
  }, [b]);
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !b) return <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>;
  if (!form) return <Spinner label={t('common.loading')} />;
  const set = (patch: Partial<ProfileForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const res = await update({
      businessId,
      input: {
        name: form.name.trim(),
        description: form.description.trim(),
        category: form.category.trim(),
        // Empty clears these two (null), as the API reads it.
        contactPhone: form.contactPhone.trim() || null,
        logoUrl: form.logoUrl.trim() || null,
        timezone: form.timezone.trim(),
        listedInSearch: form.listedInSearch,
      },
    });
    if (res.data) setSaved(true);
  };
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [form.timezone];

  return (
    <div className="console-page profile-page">
      <form className="card" onSubmit={submit} aria-labelledby="business-profile-title">
        <h2 id="business-profile-title">{t('businessProfile.title')}</h2>
        <div className="profile-top">
          {form.logoUrl ? (
            <img
              className="logo"
              src={form.logoUrl}
              alt={t('businessProfile.logoAlt', { name: form.name })}
              width={72}
              height={72}
            />
          ) : (
            <span className="logo logo-empty" role="img" aria-label={t('businessProfile.noLogo')}>
              {form.name.slice(0, 1).toUpperCase()}
            </span>
          )}
          <div className="profile-names">
            <Field label={t('businessProfile.name')}>
              {(id) => (
                <input id={id} required disabled={!canEdit} value={form.name} onChange={(e) => set({ name: e.target.value })} />
              )}
            </Field>
            <p className="muted">
              @{b.handle} · {t('businessProfile.handleHint')}
            </p>
          </div>
        </div>
        <Field label={t('businessProfile.description')}>
          {(id) => (
            <textarea
              id={id}
              rows={3}
              disabled={!canEdit}
              value={form.description}
              onChange={(e) => set({ description: e.target.value })}
            />
          )}
        </Field>
        <div className="grid-2">
          <Field label={t('businessProfile.category')}>
            {(id) => (
              <input id={id} disabled={!canEdit} value={form.category} onChange={(e) => set({ category: e.target.value })} />
            )}
          </Field>
          <Field label={t('businessProfile.contactPhone')}>
            {(id) => (
              <input
                id={id}
                type="tel"
                autoComplete="tel"
                disabled={!canEdit}
                value={form.contactPhone}
                onChange={(e) => set({ contactPhone: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('businessProfile.logoUrl')}>
            {(id) => (
              <input
                id={id}
                type="url"
                inputMode="url"
                placeholder="https://"
                disabled={!canEdit}
                value={form.logoUrl}
                onChange={(e) => set({ logoUrl: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('businessProfile.timezone')}>
            {(id) => (
              <select id={id} disabled={!canEdit} value={form.timezone} onChange={(e) => set({ timezone: e.target.value })}>
                {(zones.includes(form.timezone) ? zones : [form.timezone, ...zones]).map((z) => (
                  <option key={z} value={z}>
                    {z}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <dl className="facts">
          <dt>{t('businessProfile.currency')}</dt>
          <dd>
            {b.currency} <span className="muted">· {t('businessProfile.currencyHint')}</span>
          </dd>
          <dt>{t('businessProfile.country')}</dt>
          <dd>{b.country}</dd>
        </dl>
        <label className="check">
          <input
            type="checkbox"
            disabled={!canEdit}
            checked={form.listedInSearch}
            onChange={(e) => set({ listedInSearch: e.target.checked })}
          />
          {t('businessProfile.listed')}
        </label>
        <SaveOutcome error={saving.error} saved={saved} />
        {canEdit ? (
          <button type="submit" className="primary" disabled={saving.fetching}>
            {t('businessProfile.save')}
          </button>
        ) : null}
      </form>
      <OpeningHoursEditor businessId={businessId} timezone={b.timezone} hours={b.openingHours ?? null} canEdit={canEdit} />
    </div>
  );
}
