import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { ProductById } from '../../graphql/operations';
import type { Msg, Tick } from '../../lib/chat-state';
import { Amount, timeOf } from '../ui';

export interface MessageActions {
  onReply?: (m: Msg, id: string, title: string) => void;
  onOpenCatalog?: (productId?: string) => void;
  onReviewPay?: (orderId: string) => void;
  onPayRequest?: (requestId: string) => void;
  onDeclineRequest?: (requestId: string) => void;
  onRetry?: (m: Msg) => void;
  /**
   * Messages never change, so a later message carries a request's or an order's new status: the
   * newest status per request id and order id, so an old "pay" button is not offered again.
   */
  latest?: ReadonlyMap<string, string>;
}

const UNPAID = ['PENDING', 'AWAITING_PAYMENT'];

const TICKS: Record<Tick, string> = { PENDING: '🕓', FAILED: '!', SENT: '✓', DELIVERED: '✓✓', READ: '✓✓' };

/** One message of any kind the API has, as a bubble; what can be tapped calls back. */
export function MessageBubble({
  m,
  mine,
  tick,
  sender,
  actions = {},
}: {
  m: Msg;
  mine: boolean;
  tick?: Tick;
  sender?: string;
  actions?: MessageActions;
}) {
  const { t, i18n } = useTranslation();
  const c = m.content;
  if (m.kind === 'SYSTEM' && c?.__typename === 'SystemContent') {
    return (
      <li className="system" data-kind="SYSTEM">
        {c.text}
      </li>
    );
  }
  return (
    <li className={mine ? 'bubble mine' : 'bubble'} data-kind={m.kind} data-seq={m.pending ? undefined : m.seq}>
      {sender && !mine ? <span className="sender">{sender}</span> : null}
      {m.deletedAt ? <em className="deleted">{t('message.deleted')}</em> : <Body m={m} mine={mine} actions={actions} />}
      <span className="meta">
        <time dateTime={m.createdAt}>{timeOf(m.createdAt, i18n.language)}</time>
        {mine && tick ? (
          <span className={`tick tick-${tick.toLowerCase()}`} role="img" aria-label={t(`message.status.${tick}`)}>
            {TICKS[tick]}
          </span>
        ) : null}
      </span>
      {m.failed ? (
        <span className="failed" role="alert">
          {m.failedReason ?? t('message.failed')}{' '}
          {actions.onRetry ? (
            <button type="button" className="link" onClick={() => actions.onRetry!(m)}>
              {t('common.retry')}
            </button>
          ) : null}
        </span>
      ) : null}
    </li>
  );
}

function Body({ m, mine, actions }: { m: Msg; mine: boolean; actions: MessageActions }) {
  const { t, i18n } = useTranslation();
  const c = m.content;
  switch (c?.__typename) {
    case 'TextContent':
      return <p className="text">{c.body}</p>;
    case 'ImageContent':
      return (
        <figure className="image">
          {c.photo ? (
            <picture>
              <source srcSet={c.photo.medium.webp} type="image/webp" />
              <img
                src={c.photo.medium.jpeg}
                alt={c.caption ?? t('message.photo')}
                width={c.photo.width}
                height={c.photo.height}
                loading="lazy"
              />
            </picture>
          ) : null}
          {c.caption ? <figcaption>{c.caption}</figcaption> : null}
        </figure>
      );
    case 'ProductContent':
      return (
        <div>
          <ProductCard id={c.productId} onOpen={() => actions.onOpenCatalog?.(c.productId)} />
          {c.productBody ? <p className="text">{c.productBody}</p> : null}
          {c.footer ? <small className="footer">{c.footer}</small> : null}
        </div>
      );
    case 'ProductListContent':
      return (
        <div>
          <strong>{c.listHeader}</strong>
          <p className="text">{c.body}</p>
          {c.productSections.map((s) => (
            <section key={s.title} className="product-section">
              <h4>{s.title}</h4>
              {s.productIds.map((id) => (
                <ProductCard key={id} id={id} onOpen={() => actions.onOpenCatalog?.(id)} />
              ))}
            </section>
          ))}
          {c.footer ? <small className="footer">{c.footer}</small> : null}
        </div>
      );
    case 'CatalogContent':
      return (
        <div>
          <p className="text">{c.body}</p>
          <button type="button" className="action" onClick={() => actions.onOpenCatalog?.()}>
            {t('message.viewCatalog')}
          </button>
          {c.footer ? <small className="footer">{c.footer}</small> : null}
        </div>
      );
    case 'InteractiveContent':
      return (
        <div>
          {c.header ? <strong>{c.header}</strong> : null}
          <p className="text">{c.body}</p>
          {c.footer ? <small className="footer">{c.footer}</small> : null}
          <div className="actions">
            {c.buttons?.map((b) => (
              <button key={b.id} type="button" className="action" onClick={() => actions.onReply?.(m, b.id, b.title)}>
                {b.title}
              </button>
            ))}
            {c.sections?.map((s, i) => (
              <div key={i} className="list-section" role="group" aria-label={s.title ?? c.listButton ?? ''}>
                {s.title ? <h4>{s.title}</h4> : null}
                {s.rows.map((r) => (
                  <button key={r.id} type="button" className="action row" onClick={() => actions.onReply?.(m, r.id, r.title)}>
                    <span>{r.title}</span>
                    {r.description ? <small>{r.description}</small> : null}
                  </button>
                ))}
              </div>
            ))}
          </div>
        </div>
      );
    case 'InteractiveReplyContent':
      return <p className="text reply">↩ {c.title}</p>;
    case 'OrderContent':
      return (
        <div className="order">
          <strong>{t('message.order', { count: c.items.reduce((n, i) => n + i.quantity, 0) })}</strong>
          <ul>
            {c.items.map((i, n) => (
              <li key={n}>
                {i.quantity} × {i.name}
              </li>
            ))}
          </ul>
          <div className="total">
            {t('order.subtotal')} <Amount money={c.subtotal} />
          </div>
          {c.note ? <p className="note">{c.note}</p> : null}
        </div>
      );
    case 'OrderDetailsContent':
      return (
        <div className="order-details">
          <strong>{t('message.paymentRequest', { ref: c.referenceId })}</strong>
          <dl>
            <dt>{t('order.subtotal')}</dt>
            <dd>
              <Amount money={c.subtotal} />
            </dd>
            {c.discount.amount !== '0' ? (
              <>
                <dt>{t('order.discount')}</dt>
                <dd>
                  −<Amount money={c.discount} />
                </dd>
              </>
            ) : null}
            <dt>{t('order.tax')}</dt>
            <dd>
              <Amount money={c.tax} />
            </dd>
            <dt>{t('order.shipping')}</dt>
            <dd>
              <Amount money={c.shipping} />
            </dd>
            <dt className="total">{t('order.total')}</dt>
            <dd className="total">
              <Amount money={c.total} />
            </dd>
          </dl>
          {UNPAID.includes((actions.latest?.get(c.orderId) ?? 'AWAITING_PAYMENT').toUpperCase()) ? (
            <>
              <small>{t('message.payBy', { when: new Date(c.payBy).toLocaleString(i18n.language) })}</small>
              <button type="button" className="primary" onClick={() => actions.onReviewPay?.(c.orderId)}>
                {t('message.reviewAndPay')}
              </button>
            </>
          ) : (
            <span className="status">{t(`orderStatus.${actions.latest!.get(c.orderId)!.toUpperCase()}`)}</span>
          )}
        </div>
      );
    case 'OrderStatusContent':
      return (
        <div className="order-status">
          <strong>{t('message.orderStatus', { ref: c.referenceId })}</strong>{' '}
          <span className={`status status-${c.status.toLowerCase()}`}>{t(`orderStatus.${c.status.toUpperCase()}`)}</span>
          {c.note ? <p className="note">{c.note}</p> : null}
        </div>
      );
    case 'PaymentContent':
      return (
        <div className="payment">
          <strong>{t('message.payment')}</strong> <Amount money={c.amount} />
          <span className={`status status-${c.status.toLowerCase()}`}>
            {' '}
            {t(`paymentStatus.${c.status.toUpperCase()}`, c.status)}
          </span>
          {c.note ? <p className="note">{c.note}</p> : null}
        </div>
      );
    case 'PaymentRequestContent': {
      const status = (actions.latest?.get(c.requestId) ?? c.status).toUpperCase();
      return (
        <div className="money-request">
          <strong>{t('message.moneyRequest')}</strong> <Amount money={c.amount} />
          {c.note ? <p className="note">{c.note}</p> : null}
          <span className={`status status-${status.toLowerCase()}`}>{t(`requestStatus.${status}`, status)}</span>
          {status === 'PENDING' && !mine && actions.onPayRequest ? (
            <div className="actions">
              <button type="button" className="primary" onClick={() => actions.onPayRequest!(c.requestId)}>
                {t('message.pay')}
              </button>
              <button type="button" className="action" onClick={() => actions.onDeclineRequest?.(c.requestId)}>
                {t('message.decline')}
              </button>
            </div>
          ) : null}
        </div>
      );
    }
    default:
      return <p className="text muted">{t('message.unsupported')}</p>;
  }
}

function ProductCard({ id, onOpen }: { id: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: ProductById, variables: { id } });
  const p = data?.product;
  if (!p) return <div className="product-card placeholder">{t('common.loading')}</div>;
  return (
    <button type="button" className="product-card" onClick={onOpen}>
      {p.photos[0] ? <img src={p.photos[0].thumbnail.jpeg} alt="" width={64} height={64} loading="lazy" /> : null}
      <span>
        <span className="name">{p.name}</span>
        <Amount money={p.shownPrice} />
      </span>
    </button>
  );
}
