import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Me } from '../../graphql/operations';
import { match, navigate } from '../../lib/router';
import { Spinner } from '../../components/ui';
import { ApiKeys } from './ApiKeys';
import { Balance } from './Balance';
import { OrdersBoard } from './OrdersBoard';
import { Settings } from './Settings';

const TABS = ['orders', 'settings', 'money', 'keys'] as const;

/** The merchant console for one business the signed-in person is a member of. */
export default function Merchant({ businessId, path }: { businessId: string; path: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: Me });
  const tab = match('/business/:id/:tab', path)?.tab ?? 'orders';
  const membership = data?.myBusinesses.find((b) => b.businessId === businessId);
  if (!data) return <Spinner label={t('common.loading')} />;
  if (!membership) return <p role="alert">{t('merchant.notMember')}</p>;
  const currency = membership.business?.currency ?? 'MYR';
  return (
    <div className="console">
      <div className="console-head">
        <h1>{membership.business?.name}</h1>
        {data.myBusinesses.length > 1 ? (
          <select
            aria-label={t('merchant.switch')}
            value={businessId}
            onChange={(e) => navigate(`/business/${e.target.value}/${tab}`)}
          >
            {data.myBusinesses.map((b) => (
              <option key={b.businessId} value={b.businessId}>
                {b.business?.name}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      <nav className="tabs" aria-label={t('merchant.sections')}>
        {TABS.map((k) => (
          <a
            key={k}
            href={`/business/${businessId}/${k}`}
            aria-current={tab === k ? 'page' : undefined}
            onClick={(e) => (e.preventDefault(), navigate(`/business/${businessId}/${k}`))}
          >
            {t(`merchant.tab.${k}`)}
          </a>
        ))}
      </nav>
      <Suspense fallback={<Spinner label={t('common.loading')} />}>
        {tab === 'orders' ? <OrdersBoard businessId={businessId} currency={currency} /> : null}
        {tab === 'settings' ? <Settings businessId={businessId} currency={currency} /> : null}
        {tab === 'money' ? <Balance businessId={businessId} currency={currency} /> : null}
        {tab === 'keys' ? <ApiKeys businessId={businessId} /> : null}
      </Suspense>
    </div>
  );
}
