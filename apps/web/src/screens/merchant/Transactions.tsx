import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient } from 'urql';
import { OlderTransactions } from '../../graphql/balance';
import { errorText } from '../../lib/hooks';
import { minorToDecimal } from '../../lib/money';
import { Amount, dateTimeOf, Empty, ErrorNote } from '../../components/ui';

const PAGE = 50;

interface Tx {
  id: string;
  kind: string;
  account: string;
  createdAt: string;
  amount: { amount: string; currency: string };
}

/**
 * The ledger's lines on the business's accounts, newest first: what came in (payments, disputes
 * won) and went out (refunds, disputes held), older pages on demand, and the loaded lines as CSV
 * for the books.
 */
export function Transactions({ businessId, currency, first }: { businessId: string; currency: string; first: Tx[] }) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [older, setOlder] = useState<Tx[]>([]);
  const [more, setMore] = useState(first.length >= PAGE);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rows = [...first, ...older];

  const loadOlder = async () => {
    setLoading(true);
    const res = await client
      .query(OlderTransactions, { businessId, currency, before: rows[rows.length - 1].id }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoading(false);
    setError(errorText(res.error));
    if (!res.data) return;
    setOlder((o) => [...o, ...res.data!.merchantTransactions]);
    setMore(res.data.merchantTransactions.length >= PAGE);
  };

  const download = () => {
    const lines = [
      'created_at,kind,account,amount,currency',
      ...rows.map((r) =>
        [r.createdAt, r.kind, r.account, minorToDecimal(r.amount.amount, r.amount.currency), r.amount.currency].join(','),
      ),
    ];
    const url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
    Object.assign(document.createElement('a'), { href: url, download: `transactions-${currency}.csv` }).click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="card" aria-labelledby="tx-title">
      <div className="pane-head flush">
        <h2 id="tx-title">{t('console.transactions')}</h2>
        {rows.length ? (
          <button type="button" className="small" onClick={download}>
            {t('transactions.csv')}
          </button>
        ) : null}
      </div>
      {rows.length === 0 ? <Empty>{t('console.noTransactions')}</Empty> : null}
      {rows.length ? (
        <div className="table-scroll">
          <table className="transactions">
            <thead>
              <tr>
                <th scope="col">{t('transactions.when')}</th>
                <th scope="col">{t('transactions.what')}</th>
                <th scope="col">{t('transactions.account')}</th>
                <th scope="col" className="num">
                  {t('transactions.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((tx) => (
                <tr key={tx.id}>
                  <td>{dateTimeOf(tx.createdAt, i18n.language)}</td>
                  <td>{t(`transactions.kind.${tx.kind}`, tx.kind)}</td>
                  <td>{t(`transactions.accountName.${tx.account}`, tx.account)}</td>
                  <td className={tx.amount.amount.startsWith('-') ? 'num out' : 'num in'}>
                    <Amount money={tx.amount} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {error ? <ErrorNote onRetry={() => void loadOlder()}>{error}</ErrorNote> : null}
      {more ? (
        <button type="button" className="small" disabled={loading} onClick={() => void loadOlder()}>
          {t('transactions.older')}
        </button>
      ) : null}
    </section>
  );
}
