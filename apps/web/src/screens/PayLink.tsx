import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { OpenPaymentLink, PayPaymentLink, SendMoney, StartDirectWith } from '../graphql/money';
import { errorText } from '../lib/hooks';
import { minorToDecimal } from '../lib/money';
import { navigate, query } from '../lib/router';
import { Amount, ErrorNote, Spinner } from '../components/ui';
import { PayFlow, refusal } from '../components/pay/PayFlow';
import { MoneyInput } from '../components/money/MoneyInput';

const CURRENCY = 'MYR';

/**
 * Opening someone's payment link (/pay/<handle>, or a one-off link's token): who gets the money,
 * the amount (fixed by a one-off link, suggested by ?amount= on a personal one), then the pay flow.
 */
export default function PayLink({ handle }: { handle: string }) {
  const { t } = useTranslation();
  const params = query(location.search);
  const [{ data, fetching, error }] = useQuery({ query: OpenPaymentLink, variables: { token: handle } });
  const suggested = params.get('amount');
  const [text, setText] = useState(suggested && /^\d+$/.test(suggested) ? minorToDecimal(suggested, CURRENCY) : '');
  const [amount, setAmount] = useState<string | null>(suggested && /^\d+$/.test(suggested) ? suggested : null);
  const [note, setNote] = useState(params.get('note') ?? '');
  const [, payLink] = useMutation(PayPaymentLink);
  const [, startDirect] = useMutation(StartDirectWith);
  const [, sendMoney] = useMutation(SendMoney);

  if (fetching && !data) return <Spinner label={t('common.loading')} />;
  if (error || !data) return <ErrorNote>{errorText(error) ?? t('payLink.notFound')}</ErrorNote>;
  const link = data.openPaymentLink;
  const oneOff = link.kind === 'ONE_OFF';
  const fixed = oneOff ? link.amount : null;

  return (
    <div className="page pay-link">
      <h1>{t('payLink.title', { name: link.recipient.name || link.recipient.handle })}</h1>
      <p className="muted">@{link.recipient.handle}</p>
      {link.status !== 'ACTIVE' ? (
        <p role="status">{t(`payLink.status.${link.status}`)}</p>
      ) : (
        <PayFlow
          summary={
            fixed ? (
              <p className="big">
                <Amount money={fixed} />
                {link.note ? <span className="note"> · {link.note}</span> : null}
              </p>
            ) : (
              <div>
                <MoneyInput
                  label={t('money.amount')}
                  currency={CURRENCY}
                  value={text}
                  onChange={(v, minor) => {
                    setText(v);
                    setAmount(minor);
                  }}
                />
                <label>
                  {t('money.note')}
                  <input value={note} maxLength={140} onChange={(e) => setNote(e.target.value)} />
                </label>
              </div>
            )
          }
          payLabel={t('payLink.pay')}
          pay={async (args) => {
            if (oneOff) {
              const res = await payLink({ token: handle, ...args });
              const tr = res.data?.payPaymentLink;
              if (!tr) return refusal(res.error);
              return tr.status === 'COMPLETED'
                ? { kind: 'succeeded' }
                : tr.status === 'FAILED'
                  ? { kind: 'failed', message: tr.failureMessage ?? '' }
                  : { kind: 'processing' };
            }
            if (!amount) return { kind: 'failed', message: t('money.badAmount', { digits: 2 }) };
            // A personal link pays into the 1:1 chat with its owner, where the payment shows.
            const chat = await startDirect({ personId: link.recipient.id });
            if (!chat.data) return refusal(chat.error);
            const res = await sendMoney({
              conversationId: chat.data.startDirectConversation.id,
              amount,
              currency: CURRENCY,
              note: note || null,
              ...args,
            });
            const tr = res.data?.sendMoney;
            if (!tr) return refusal(res.error);
            return tr.status === 'COMPLETED'
              ? { kind: 'succeeded' }
              : tr.status === 'FAILED'
                ? { kind: 'failed', message: tr.failureMessage ?? '' }
                : { kind: 'processing' };
          }}
          onDone={() => navigate('/chats')}
        />
      )}
    </div>
  );
}
