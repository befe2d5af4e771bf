import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { SupportFiguresQuery } from '../../graphql/support';
import { useOnChange } from '../../lib/hooks';
import { waitText } from './wait';

/** The last 30 days of the business's support: how much the bot solved alone, handoffs, the median wait. */
export function SupportFigures({ businessId, version }: { businessId: string; version: number }) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({
    query: SupportFiguresQuery,
    variables: { businessId },
    requestPolicy: 'cache-and-network',
  });
  useOnChange(version, () => refetch({ requestPolicy: 'network-only' }));
  const f = data?.supportFigures;
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section className="support-figures" aria-label={t('support.figures.title')}>
      <div className="figure">
        <span className="figure-value">{f && f.answered > 0 ? percent.format(f.botResolutionRate) : '–'}</span>
        <span className="figure-label">{t('support.figures.botRate')}</span>
      </div>
      <div className="figure">
        <span className="figure-value">{f ? f.handoffs : '–'}</span>
        <span className="figure-label">{t('support.figures.handoffs')}</span>
      </div>
      <div className="figure">
        <span className="figure-value">{f?.medianWaitSeconds != null ? waitText(f.medianWaitSeconds, t) : '–'}</span>
        <span className="figure-label">{t('support.figures.medianWait')}</span>
      </div>
      <p className="figure-period">{t('support.figures.period')}</p>
    </section>
  );
}
