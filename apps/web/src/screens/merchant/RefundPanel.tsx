import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { OrderPayment, RefundPayment } from '../../graphql/merchant';
import { newId } from '../../lib/client';
import { errorCode, errorText, useOnChange } from '../../lib/hooks';
import { formatMoney } from '../../lib/money';
import { MoneyInput } from '../../components/money/MoneyInput';
import { Amount, ErrorNote } from '../../components/ui';

/**
 * The order's payment and its refunds: everything still refundable, or part of it, with a reason
 * and a confirmation step (money leaves the business). One idempotency key per refund the merchant
 * means, so a double click or a retry after a network error refunds once.
 */
export function RefundPanel({ orderId, version, canRefund }: { orderId: string; version: number; canRefund: boolean }) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: OrderPayment, variables: { orderId }, requestPolicy: 'cache-and-network' });
  const [refunding, refund] = useMutation(RefundPayment);
  const [mode, setMode] = useState<'full' | 'part'>('full');
  const [text, setText] = useState('');
  const [part, setPart] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [key, setKey] = useState(newId);
  const [done, setDone] = useState<string | null>(null);
  useOnChange(version, () => refetch({ requestPolicy: 'network-only' }));

  const payment = data?.order.payment;
  if (!payment) return null;
  const currency = payment.amountCaptured.currency;
  const left = (
    BigInt(payment.amountCaptured.amount) -
    BigInt(payment.amountRefunded.amount) -
    BigInt(payment.amountDisputed.amount)
  ).toString();
  const amount = mode === 'full' ? left : part;
  const tooMuch = amount !== null && BigInt(amount) > BigInt(left);
  const code = errorCode(refunding.error);

  const submit = async () => {
    const res = await refund({ id: payment.id, amount: mode === 'full' ? null : amount, reason, idempotencyKey: key });
    setConfirming(false);
    if (!res.data) return;
    setDone(formatMoney(amount!, currency, i18n.language));
    setKey(newId());
    setText('');
    setPart(null);
    setReason('');
    refetch({ requestPolicy: 'network-only' });
  };

  return (
    <section className="refund" aria-labelledby={`refund-${orderId}`}>
      <h3 id={`refund-${orderId}`}>{t('refund.title')}</h3>
      <dl className="figures-inline">
        <div>
          <dt>{t('refund.paid')}</dt>
          <dd>
            <Amount money={payment.amountCaptured} />
          </dd>
        </div>
        <div>
          <dt>{t('refund.refunded')}</dt>
          <dd>
            <Amount money={payment.amountRefunded} />
          </dd>
        </div>
        <div>
          <dt>{t('refund.left')}</dt>
          <dd>
            <Amount money={{ amount: left, currency }} />
          </dd>
        </div>
      </dl>
      {done ? (
        <p role="status" className="ok-text">
          {t('refund.done', { amount: done })}
        </p>
      ) : null}
      {!canRefund ? <p className="hint">{t('refund.notAllowed')}</p> : null}
      {canRefund && BigInt(left) > 0n ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (amount && !tooMuch) setConfirming(true);
          }}
        >
          <fieldset className="segmented">
            <legend>{t('refund.how')}</legend>
            <label>
              <input type="radio" name={`mode-${orderId}`} checked={mode === 'full'} onChange={() => setMode('full')} />
              {t('refund.full', { amount: formatMoney(left, currency, i18n.language) })}
            </label>
            <label>
              <input type="radio" name={`mode-${orderId}`} checked={mode === 'part'} onChange={() => setMode('part')} />
              {t('refund.part')}
            </label>
          </fieldset>
          {mode === 'part' ? (
            <MoneyInput
              label={t('refund.amount')}
              currency={currency}
              value={text}
              onChange={(v, minor) => {
                setText(v);
                setPart(minor);
                setConfirming(false);
              }}
            />
          ) : null}
          {tooMuch ? (
            <p className="error-text" role="alert">
              {t('refund.tooMuch', { amount: formatMoney(left, currency, i18n.language) })}
            </p>
          ) : null}
          <label>
            {t('refund.reason')}
            <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
          </label>
          {confirming && amount ? (
            <div className="confirm" role="group" aria-label={t('refund.confirmTitle')}>
              <p>{t('refund.confirmText', { amount: formatMoney(amount, currency, i18n.language) })}</p>
              <div className="actions">
                <button type="button" className="danger" disabled={refunding.fetching} onClick={() => void submit()}>
                  {t('refund.confirm')}
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  {t('refund.back')}
                </button>
              </div>
            </div>
          ) : (
            <button type="submit" disabled={!amount || tooMuch}>
              {amount ? t('refund.submit', { amount: formatMoney(amount, currency, i18n.language) }) : t('refund.title')}
            </button>
          )}
        </form>
      ) : null}
      {refunding.error ? (
        <ErrorNote>{code && t(`refund.error.${code}`, '') ? t(`refund.error.${code}`) : errorText(refunding.error)}</ErrorNote>
      ) : null}
    </section>
  );
}
