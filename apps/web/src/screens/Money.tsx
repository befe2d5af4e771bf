import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { MyMoney } from '../graphql/money';
import { errorText } from '../lib/hooks';
import { navigate } from '../lib/router';
import { Amount, dateTimeOf, Empty, ErrorNote, Spinner } from '../components/ui';

/** My money: wallet balance, my QR code and payment link, transfers and requests. */
export default function Money() {
  const { t, i18n } = useTranslation();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: MyMoney,
    variables: { currency: 'MYR' },
    requestPolicy: 'cache-and-network',
  });
  const [copied, setCopied] = useState(false);
  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error && !data) return <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>;
  if (!data) return null;
  const link = data.myPaymentLink;
  return (
    <div className="page money-page">
      <h1>{t('money.title')}</h1>
      <section className="card" aria-labelledby="wallet-title">
        <h2 id="wallet-title">{t('money.wallet')}</h2>
        <p className="big">
          <Amount money={data.kedaiWalletBalance} />
        </p>
      </section>
      <section className="card qr" aria-labelledby="qr-title">
        <h2 id="qr-title">{t('money.myCode')}</h2>
        <img src={link.qrSvg} alt={t('money.qrAlt', { handle: link.handle })} width={200} height={200} />
        <p>
          <a
            href={link.url}
            onClick={(e) => (e.preventDefault(), navigate(new URL(link.url).pathname + new URL(link.url).search))}
          >
            {link.url}
          </a>
        </p>
        <button
          type="button"
          onClick={async () => {
            await navigator.clipboard?.writeText(link.url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? t('money.copied') : t('money.copyLink')}
        </button>
      </section>
      <section className="card" aria-labelledby="transfers-title">
        <h2 id="transfers-title">{t('money.transfers')}</h2>
        {data.myTransfers.length === 0 ? <Empty>{t('money.noTransfers')}</Empty> : null}
        <ul className="rows">
          {data.myTransfers.map((tr) => (
            <li key={tr.id}>
              <a
                href={`/chats/${tr.conversationId}`}
                onClick={(e) => (e.preventDefault(), navigate(`/chats/${tr.conversationId}`))}
              >
                <Amount money={tr.amount} /> · {t(`transferStatus.${tr.status}`)} · {tr.note}
              </a>
              <small className="muted"> {dateTimeOf(tr.createdAt, i18n.language)}</small>
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-labelledby="requests-title">
        <h2 id="requests-title">{t('money.requests')}</h2>
        {data.myMoneyRequests.length === 0 ? <Empty>{t('money.noRequests')}</Empty> : null}
        <ul className="rows">
          {data.myMoneyRequests.map((r) => (
            <li key={r.id}>
              <a
                href={`/chats/${r.conversationId}`}
                onClick={(e) => (e.preventDefault(), navigate(`/chats/${r.conversationId}`))}
              >
                <Amount money={r.amount} /> · {t(`requestStatus.${r.status}`)} · {r.note}
              </a>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
