import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import {
  DeclineMoneyRequest,
  IntentQuery,
  MoneyRequestGroupQuery,
  MoneyRequestQuery,
  PayMoneyRequest,
  TransferQuery,
} from '../../graphql/money';
import { errorText } from '../../lib/hooks';
import { Amount, ErrorNote, Sheet, Spinner } from '../ui';
import { intentOutcome, PayFlow, refusal } from '../pay/PayFlow';

/**
 * Paying (or declining) a money request someone sent me in a chat. In a group the message is the
 * whole bill: the sheet shows how it was split and pays my part.
 */
export default function PayRequestSheet({
  requestId,
  decline,
  group,
  meId,
  names,
  onClose,
}: {
  requestId: string;
  decline?: boolean;
  group?: boolean;
  meId: string;
  names: ReadonlyMap<string, string>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [bill] = useQuery({
    query: MoneyRequestGroupQuery,
    variables: { id: requestId },
    pause: !group,
    requestPolicy: 'network-only',
  });
  const myPart = bill.data?.moneyRequestGroup.parts.find((p) => p.payerId === meId);
  const partId = group ? myPart?.id : requestId;
  const [single] = useQuery({
    query: MoneyRequestQuery,
    variables: { id: partId ?? '' },
    pause: !partId,
    requestPolicy: 'network-only',
  });
  const data = single.data;
  // Once paying has begun the pay flow stays up (its result, its 3-D Secure step) even though the
  // request it re-reads is no longer pending.
  const [engaged, setEngaged] = useState(false);
  const fetching = single.fetching || bill.fetching;
  const error = single.error ?? bill.error;
  const [, pay] = useMutation(PayMoneyRequest);
  const [declining, declineRequest] = useMutation(DeclineMoneyRequest);
  const request = data?.moneyRequest;

  return (
    <Sheet title={decline ? t('money.declineTitle') : t('money.payRequestTitle')} onClose={onClose}>
      {fetching && !request ? <Spinner label={t('common.loading')} /> : null}
      {error ? <ErrorNote>{errorText(error)}</ErrorNote> : null}
      {bill.data ? (
        <section className="card" aria-label={t('money.split')}>
          <p>
            {t('money.billTotal')} <Amount money={bill.data.moneyRequestGroup.total} /> ·{' '}
            {t(bill.data.moneyRequestGroup.split === 'EVEN' ? 'money.even' : 'money.byAmounts')}
          </p>
          <ul className="rows">
            {bill.data.moneyRequestGroup.parts.map((p) => (
              <li key={p.id}>
                {p.payerId === meId ? t('money.you') : (names.get(p.payerId) ?? '—')}: <Amount money={p.amount} /> ·{' '}
                {t(`requestStatus.${p.status}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {group && bill.data && !myPart ? <p role="status">{t('money.notYourBill')}</p> : null}
      {request && request.status !== 'PENDING' && !engaged ? <p role="status">{t(`requestStatus.${request.status}`)}</p> : null}
      {request && request.status === 'PENDING' && decline ? (
        <div>
          <p>
            {t('money.declineConfirm')} <Amount money={request.amount} />
          </p>
          {declining.error ? <ErrorNote>{errorText(declining.error)}</ErrorNote> : null}
          <button
            type="button"
            className="primary danger"
            onClick={async () => {
              const res = await declineRequest({ requestId: partId! });
              if (res.data) onClose();
            }}
          >
            {t('message.decline')}
          </button>
        </div>
      ) : null}
      {request && (request.status === 'PENDING' || engaged) && !decline ? (
        <PayFlow
          summary={
            <div>
              <p className="big">
                <Amount money={request.amount} />
              </p>
              {request.note ? <p>{request.note}</p> : null}
            </div>
          }
          payLabel={t('pay.payAmount', { amount: request.amount.formatted })}
          pay={async (args) => {
            setEngaged(true);
            const res = await pay({ requestId: partId!, ...args });
            const paid = res.data?.payMoneyRequest;
            if (!paid) return refusal(res.error);
            if (paid.status === 'PAID') return { kind: 'succeeded' };
            if (paid.transferId) {
              const tr = await client
                .query(TransferQuery, { id: paid.transferId }, { requestPolicy: 'network-only' })
                .toPromise();
              const intentId = tr.data?.transfer.intentId;
              if (tr.data?.transfer.status === 'FAILED')
                return { kind: 'failed', message: tr.data.transfer.failureMessage ?? '' };
              if (intentId) {
                const intent = await client.query(IntentQuery, { id: intentId }, { requestPolicy: 'network-only' }).toPromise();
                if (intent.data) return intentOutcome(intent.data.paymentIntent);
              }
            }
            return { kind: 'processing' };
          }}
          onDone={onClose}
        />
      ) : null}
    </Sheet>
  );
}
