import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useMutation, useQuery, useSubscription } from 'urql';
import { AcceptOrder, ExportOrders, OrderChanged, Orders, RetryOrder, TransitionOrder } from '../../graphql/merchant';
import type { OrderStatus } from '../../gql/graphql';
import { Me, OrderQuery } from '../../graphql/operations';
import { errorText, useOnChange, useOnReconnect, useSocketState, useThrottled } from '../../lib/hooks';
import { RefundPanel } from './RefundPanel';
import { OrderTotals } from '../../components/pay/OrderTotals';
import { Amount, dateTimeOf, Empty, ErrorNote, Sheet, Spinner } from '../../components/ui';

const COLUMNS: OrderStatus[] = ['PENDING', 'AWAITING_PAYMENT', 'PAID', 'PROCESSING', 'SHIPPED', 'COMPLETED'];
const CLOSED: OrderStatus[] = ['CANCELED', 'REFUNDED', 'PARTIALLY_REFUNDED'];
/** The merchant's moves (libs/checkout order-states.ts TRANSITIONS, mover "merchant"). */
const NEXT: Partial<Record<OrderStatus, OrderStatus[]>> = {
  PENDING: ['CANCELED'],
  AWAITING_PAYMENT: ['CANCELED'],
  PAID: ['PROCESSING'],
  PROCESSING: ['SHIPPED'],
  SHIPPED: ['COMPLETED'],
  PARTIALLY_REFUNDED: ['PROCESSING', 'SHIPPED', 'COMPLETED'],
};
/** Paid orders whose money can go back (a refund moves them to (partially) refunded). */
const REFUNDABLE: OrderStatus[] = ['PAID', 'PROCESSING', 'SHIPPED', 'COMPLETED', 'PARTIALLY_REFUNDED'];

/**
 * Orders by state, live: the orderChanged subscription says which order changed as it commits
 * (sent, priced, paid, moved, refunded, by anyone) and the board reads the list again, once per
 * burst; after a dropped socket it reads again too, so nothing changed meanwhile is missed.
 */
export function OrdersBoard({ businessId }: { businessId: string; currency: string }) {
  const { t } = useTranslation();
  const client = useClient();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: Orders,
    variables: { businessId },
    requestPolicy: 'cache-and-network',
  });
  const [open, setOpen] = useState<string | null>(null);
  const [showClosed, setShowClosed] = useState(false);
  // Bumped on every change: the open order's detail reads itself again.
  const [version, setVersion] = useState(0);
  const reread = useThrottled(() => refetch({ requestPolicy: 'network-only' }), 250);
  const [live] = useSubscription({ query: OrderChanged, variables: { businessId } }, (_, event) => {
    reread();
    setVersion((v) => v + 1);
    return event;
  });
  useOnReconnect(() => {
    reread();
    setVersion((v) => v + 1);
  });
  const { offline } = useSocketState();
  const notLive = !!live.error || offline;

  const orders = data?.orders ?? [];
  const columns = showClosed ? [...COLUMNS, ...CLOSED] : COLUMNS;

  const exportCsv = async () => {
    const res = await client.query(ExportOrders, { businessId }, { requestPolicy: 'network-only' }).toPromise();
    if (!res.data) return;
    const url = URL.createObjectURL(new Blob([res.data.exportOrders], { type: 'text/csv' }));
    const a = Object.assign(document.createElement('a'), {
      href: url,
      download: `orders-${new Date().toISOString().slice(0, 10)}.csv`,
    });
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section aria-labelledby="orders-title">
      <div className="pane-head">
        <h2 id="orders-title">{t('merchant.orders')}</h2>
        <span className={notLive ? 'live off' : 'live'} title={t(notLive ? 'orders.notLive' : 'orders.liveHint')}>
          {t(notLive ? 'orders.notLive' : 'orders.live')}
        </span>
        <label className="check">
          <input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} />
          {t('merchant.showClosed')}
        </label>
        <button type="button" className="small" onClick={() => void exportCsv()}>
          {t('merchant.exportCsv')}
        </button>
      </div>
      {fetching && !data ? <Spinner label={t('common.loading')} /> : null}
      {error && !data ? (
        <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>
      ) : null}
      {data && orders.length === 0 ? <Empty>{t('merchant.noOrders')}</Empty> : null}
      <div className="board">
        {columns.map((status) => {
          const inColumn = orders.filter((o) => o.status === status);
          return (
            <section key={status} className="column" aria-label={t(`orderStatus.${status}`)}>
              <h3>
                {t(`orderStatus.${status}`)} <span className="count">{inColumn.length}</span>
              </h3>
              <ul>
                {inColumn.map((o) => (
                  <li key={o.id}>
                    <button type="button" className="order-card" onClick={() => setOpen(o.id)} data-ref={o.referenceId}>
                      <strong>{o.referenceId}</strong>
                      <Amount money={o.total} />
                      <small>{t('merchant.items', { count: o.lines.reduce((n, l) => n + l.quantity, 0) })}</small>
                      {o.botError ? <small className="error-text">{t('merchant.botError')}</small> : null}
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          );
        })}
      </div>
      {open ? (
        <OrderDetail
          orderId={open}
          businessId={businessId}
          version={version}
          onClose={() => setOpen(null)}
          onChanged={() => refetch({ requestPolicy: 'network-only' })}
        />
      ) : null}
    </section>
  );
}

function OrderDetail({
  orderId,
  businessId,
  version,
  onClose,
  onChanged,
}: {
  orderId: string;
  businessId: string;
  version: number;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [{ data, error: loadError }, refetch] = useQuery({
    query: OrderQuery,
    variables: { orderId },
    requestPolicy: 'cache-and-network',
  });
  const [me] = useQuery({ query: Me });
  useOnChange(version, () => refetch({ requestPolicy: 'network-only' }));
  const canRefund = !!me.data?.myBusinesses.find((b) => b.businessId === businessId)?.permissions.includes('ORDERS_REFUND');
  const [moving, transition] = useMutation(TransitionOrder);
  const [accepting, accept] = useMutation(AcceptOrder);
  const [retrying, retry] = useMutation(RetryOrder);
  const [note, setNote] = useState('');
  const error = moving.error ?? accepting.error ?? retrying.error;
  const order = data?.order;
  if (!order) {
    return (
      <Sheet title={t('merchant.orders')} onClose={onClose}>
        {loadError ? <ErrorNote>{errorText(loadError)}</ErrorNote> : <Spinner label={t('common.loading')} />}
      </Sheet>
    );
  }
  return (
    <Sheet title={t('merchant.orderTitle', { ref: order.referenceId })} onClose={onClose}>
      <p>
        <span className={`status status-${order.status.toLowerCase()}`}>{t(`orderStatus.${order.status}`)}</span> ·{' '}
        {dateTimeOf(order.createdAt, i18n.language)}
      </p>
      <ul>
        {order.lines.map((l) => (
          <li key={l.lineNo}>
            {l.quantity} × {l.name} ({l.sku}) <Amount money={l.unitPrice} />
          </li>
        ))}
      </ul>
      <OrderTotals order={order} showZeroDiscount />
      {order.note ? <p className="note">{order.note}</p> : null}
      {order.hold === 'awaiting_merchant' || order.hold === 'AWAITING_MERCHANT' ? (
        <button type="button" className="primary" onClick={() => void accept({ orderId: order.id })}>
          {t('merchant.accept')}
        </button>
      ) : null}
      {order.botError ? (
        <p>
          <span className="error-text">{order.botError}</span>{' '}
          <button type="button" className="small" onClick={() => void retry({ orderId: order.id })}>
            {t('common.retry')}
          </button>
        </p>
      ) : null}
      {(NEXT[order.status] ?? []).length > 0 ? (
        <div className="moves">
          <label>
            {t('merchant.noteForCustomer')}
            <input value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="actions">
            {(NEXT[order.status] ?? []).map((to) => (
              <button
                key={to}
                type="button"
                className={to === 'CANCELED' ? 'danger' : 'primary'}
                disabled={moving.fetching}
                onClick={async () => {
                  const res = await transition({ orderId: order.id, to, note });
                  if (res.data) {
                    setNote('');
                    onChanged();
                  }
                }}
              >
                {t(`merchant.move.${to}`)}
              </button>
            ))}
          </div>
        </div>
      ) : null}
      {error ? <ErrorNote>{errorText(error)}</ErrorNote> : null}
      {REFUNDABLE.includes(order.status) ? <RefundPanel orderId={order.id} version={version} canRefund={canRefund} /> : null}
      <h3>{t('merchant.history')}</h3>
      <ol className="history">
        {order.transitions.map((tr, i) => (
          <li key={i}>
            {t(`orderStatus.${tr.from}`)} → {t(`orderStatus.${tr.to}`)} ·{' '}
            {t(`merchant.actor.${tr.actor.split(':')[0]}`, tr.actor.split(':')[0])} · {dateTimeOf(tr.at, i18n.language)}
            {tr.note ? ` · ${tr.note}` : ''}
          </li>
        ))}
      </ol>
    </Sheet>
  );
}
