import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery } from 'urql';
import { DeclineMoneyRequest, IntentQuery, MoneyRequestQuery, PayMoneyRequest, TransferQuery } from '../../graphql/money';
import { errorText } from '../../lib/hooks';
import { Amount, ErrorNote, Sheet, Spinner } from '../ui';
import { intentOutcome, PayFlow, refusal } from '../pay/PayFlow';

/** Paying (or declining) a money request someone sent me in a chat. */
export default function PayRequestSheet({
  requestId,
  decline,
  onClose,
}: {
  requestId: string;
  decline?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({
    query: MoneyRequestQuery,
    variables: { id: requestId },
    requestPolicy: 'network-only',
  });
  const [, pay] = useMutation(PayMoneyRequest);
  const [declining, declineRequest] = useMutation(DeclineMoneyRequest);
  const request = data?.moneyRequest;

  return (
    <Sheet title={decline ? t('money.declineTitle') : t('money.payRequestTitle')} onClose={onClose}>
      {fetching && !request ? <Spinner label={t('common.loading')} /> : null}
      {error ? <ErrorNote>{errorText(error)}</ErrorNote> : null}
      {request && request.status !== 'PENDING' ? <p role="status">{t(`requestStatus.${request.status}`)}</p> : null}
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
              const res = await declineRequest({ requestId });
              if (res.data) onClose();
            }}
          >
            {t('message.decline')}
          </button>
        </div>
      ) : null}
      {request && request.status === 'PENDING' && !decline ? (
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
            const res = await pay({ requestId, ...args });
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
