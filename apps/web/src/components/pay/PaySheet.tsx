import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { CancelOrder, OrderQuery, PayOrder } from '../../graphql/operations';
import { errorText } from '../../lib/hooks';
import { Amount, ErrorNote, Sheet, Spinner } from '../ui';
import { OrderTotals } from './OrderTotals';
import { intentOutcome, PayFlow, refusal } from './PayFlow';

/** "Review and pay": the order as the bot priced it, then the pay flow. */
export default function PaySheet({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [{ data, fetching, error }] = useQuery({ query: OrderQuery, variables: { orderId }, requestPolicy: 'network-only' });
  const [, payOrder] = useMutation(PayOrder);
  const [canceling, cancel] = useMutation(CancelOrder);
  const order = data?.order;

  return (
    <Sheet title={t('pay.reviewTitle')} onClose={onClose}>
      {fetching && !order ? <Spinner label={t('common.loading')} /> : null}
      {error ? <ErrorNote>{errorText(error)}</ErrorNote> : null}
      {order ? (
        order.status !== 'AWAITING_PAYMENT' ? (
          <p role="status">{t(`orderStatus.${order.status}`)}</p>
        ) : (
          <>
            <PayFlow
              summary={
                <div className="review">
                  <p className="muted">{t('order.reference', { ref: order.referenceId })}</p>
                  <ul>
                    {order.lines.map((l) => (
                      <li key={l.lineNo}>
                        {l.quantity} × {l.name} <Amount money={l.unitPrice} />
                      </li>
                    ))}
                  </ul>
                  <OrderTotals order={order} />
                </div>
              }
              payLabel={t('pay.payAmount', { amount: order.total.formatted })}
              pay={async (args) => {
                const res = await payOrder({ orderId, ...args });
                return res.data ? intentOutcome(res.data.payOrder) : refusal(res.error);
              }}
              onDone={onClose}
            />
            <button
              type="button"
              className="link danger"
              disabled={canceling.fetching}
              onClick={async () => {
                const res = await cancel({ orderId });
                if (res.data) onClose();
              }}
            >
              {t('pay.cancelOrder')}
            </button>
          </>
        )
      ) : null}
    </Sheet>
  );
}
