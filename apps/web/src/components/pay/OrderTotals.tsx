import { useTranslation } from 'react-i18next';
import { Amount } from '../ui';

type Money = { amount: string; currency: string };
export interface Totals {
  subtotal: Money;
  discount: Money;
  tax: Money;
  shipping: Money;
  total: Money;
}

/**
 * An order's sums as the bot priced them: the shopper's pay sheet and the merchant's order detail.
 * The shopper sees a discount line only when there is one; the merchant always does.
 */
export function OrderTotals({ order, showZeroDiscount = false }: { order: Totals; showZeroDiscount?: boolean }) {
  const { t } = useTranslation();
  const discounted = order.discount.amount !== '0';
  return (
    <dl>
      <dt>{t('order.subtotal')}</dt>
      <dd>
        <Amount money={order.subtotal} />
      </dd>
      {showZeroDiscount || discounted ? (
        <>
          <dt>{t('order.discount')}</dt>
          <dd>
            {discounted ? '−' : null}
            <Amount money={order.discount} />
          </dd>
        </>
      ) : null}
      <dt>{t('order.tax')}</dt>
      <dd>
        <Amount money={order.tax} />
      </dd>
      <dt>{t('order.shipping')}</dt>
      <dd>
        <Amount money={order.shipping} />
      </dd>
      <dt className="total">{t('order.total')}</dt>
      <dd className="total">
        <Amount money={order.total} />
      </dd>
    </dl>
  );
}
