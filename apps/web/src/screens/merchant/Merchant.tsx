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
import type { BusinessPermission } from '../../gql/graphql';
import { CatalogPage } from './catalog/CatalogPage';
import { BusinessProfile } from './profile/BusinessProfile';
import { Members } from './profile/Members';

const TABS = ['orders', 'catalog', 'profile', 'members', 'settings', 'money', 'keys'] as const;
// Tabs a member sees only with the permission their screen needs (the others answer any member).
const NEEDS: Partial<Record<(typeof TABS)[number], BusinessPermission>> = { catalog: 'CATALOG_WRITE', members: 'MEMBERS_MANAGE' };

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
        {TABS.filter((k) => !NEEDS[k] || membership.permissions.includes(NEEDS[k]!)).map((k) => (
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
        {tab === 'catalog' ? <CatalogPage businessId={businessId} currency={currency} /> : null}
        {tab === 'profile' && membership.business ? (
          <BusinessProfile
            businessId={businessId}
            handle={membership.business.handle}
            canEdit={membership.permissions.includes('BUSINESS_EDIT')}
          />
        ) : null}
        {tab === 'members' ? <Members businessId={businessId} myId={data.me.id} myRole={membership.role} /> : null}
        {tab === 'settings' ? <Settings businessId={businessId} currency={currency} /> : null}
        {tab === 'money' ? <Balance businessId={businessId} currency={currency} /> : null}
        {tab === 'keys' ? <ApiKeys businessId={businessId} /> : null}
      </Suspense>
    </div>
  );
}
