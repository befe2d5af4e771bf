import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { Balance as BalanceQuery } from '../../graphql/console';
import { errorText } from '../../lib/hooks';
import { Amount, ErrorNote, Spinner } from '../../components/ui';
import { Transactions } from './Transactions';

/** Balance (available and held), the ledger's transactions, and whether payments reconcile. */
export function Balance({ businessId, currency }: { businessId: string; currency: string }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BalanceQuery,
    variables: { businessId, currency },
    requestPolicy: 'cache-and-network',
  });
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>;
  const r = data.paymentsReconciliation;
  return (
    <div className="console-page">
      <section className="card" aria-labelledby="balance-title">
        <h2 id="balance-title">{t('console.balance')}</h2>
        <dl>
          <dt>{t('console.available')}</dt>
          <dd className="big">
            <Amount money={data.merchantBalance.available} />
          </dd>
          <dt>{t('console.held')}</dt>
          <dd>
            <Amount money={data.merchantBalance.held} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="recon-title">
        <h2 id="recon-title">{t('console.reconciliation')}</h2>
        <p role="status" className={r.balanced ? 'status' : 'status error-text'}>
          {r.balanced
            ? t('console.balanced', { count: r.intents })
            : t('console.unbalanced', { count: r.mismatchedIntentIds.length })}
        </p>
        {r.mismatchedIntentIds.length ? (
          <details>
            <summary>{t('transactions.mismatched')}</summary>
            <ul className="ids">
              {r.mismatchedIntentIds.map((id) => (
                <li key={id}>
                  <code>{id}</code>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <dl>
          <dt>{t('console.captured')}</dt>
          <dd>
            <Amount money={r.captured} />
          </dd>
          <dt>{t('console.refunded')}</dt>
          <dd>
            <Amount money={r.refunded} />
          </dd>
          <dt>{t('console.fees')}</dt>
          <dd>
            <Amount money={r.fees} />
          </dd>
        </dl>
      </section>
      <Transactions businessId={businessId} currency={currency} first={data.merchantTransactions} />
    </div>
  );
}
