import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ApiKeys as ApiKeysQuery, CreateApiKey, RevokeApiKey } from '../../graphql/console';
import type { BusinessPermission } from '../../gql/graphql';
import { errorText } from '../../lib/hooks';
import { dateTimeOf, Empty, ErrorNote, Field, Spinner } from '../../components/ui';

const KEYS = { additionalTypenames: ['ApiKey'] };
const SCOPES: BusinessPermission[] = ['CATALOG_WRITE', 'ORDERS_READ', 'ORDERS_MANAGE', 'CHATS_ANSWER', 'ORDERS_REFUND'];

/** API keys for the business's bots: the secret is shown once, when made; revoking is for good. */
export function ApiKeys({ businessId }: { businessId: string }) {
  const { t, i18n } = useTranslation();
  // additionalTypenames: an empty list names no type, so urql would not know a new key changes it.
  const [{ data, fetching, error }] = useQuery({ query: ApiKeysQuery, variables: { businessId }, context: KEYS });
  const [creating, create] = useMutation(CreateApiKey);
  const [, revoke] = useMutation(RevokeApiKey);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<BusinessPermission[]>(['CATALOG_WRITE', 'ORDERS_READ']);
  const [secret, setSecret] = useState<string | null>(null);
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote>{errorText(error)}</ErrorNote>;
  return (
    <div className="console-page">
      {secret ? (
        <div className="card dev-note" role="alert">
          <p>{t('console.keyOnce')}</p>
          <code className="secret">{secret}</code>
          <button type="button" onClick={() => setSecret(null)}>
            {t('console.keyCopied')}
          </button>
        </div>
      ) : null}
      <section className="card" aria-labelledby="keys-title">
        <h2 id="keys-title">{t('merchant.tab.keys')}</h2>
        {data.apiKeys.length === 0 ? <Empty>{t('console.noKeys')}</Empty> : null}
        <table>
          <tbody>
            {data.apiKeys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td>{k.scopes.join(', ')}</td>
                <td>{k.lastUsedAt ? dateTimeOf(k.lastUsedAt, i18n.language) : t('console.neverUsed')}</td>
                <td>
                  {k.revokedAt ? (
                    <span className="muted">{t('console.revoked')}</span>
                  ) : (
                    <button type="button" className="small danger" onClick={() => void revoke({ id: k.id })}>
                      {t('console.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <form
        className="card"
        onSubmit={async (e) => {
          e.preventDefault();
          const res = await create({ businessId, name, scopes });
          if (res.data) {
            setSecret(res.data.createApiKey.key);
            setName('');
          }
        }}
      >
        <h2>{t('console.newKey')}</h2>
        <Field label={t('console.keyName')}>
          {(id) => <input id={id} required value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <fieldset>
          <legend>{t('console.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) => setScopes((x) => (e.target.checked ? [...x, s] : x.filter((y) => y !== s)))}
              />
              {s}
            </label>
          ))}
        </fieldset>
        {creating.error ? <ErrorNote>{errorText(creating.error)}</ErrorNote> : null}
        <button type="submit" className="primary" disabled={creating.fetching || scopes.length === 0}>
          {t('console.createKey')}
        </button>
      </form>
    </div>
  );
}
