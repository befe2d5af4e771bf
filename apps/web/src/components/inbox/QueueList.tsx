import { useTranslation } from 'react-i18next';
import type { HandoffFieldsFragment } from '../../gql/graphql';
import { useTick } from '../../lib/hooks';
import { navigate } from '../../lib/router';
import { intentLabel } from './labels';
import { waitText } from './wait';

/**
 * The support bot's queue: conversations handed to a person, longest waiting first, each with how
 * long it has waited (ticking), the shopper's language, what they wanted and the bot's exchange.
 */
export function QueueList({
  businessId,
  entries,
  receivedAt,
  nameOf,
  openId,
  meId,
}: {
  businessId: string;
  entries: HandoffFieldsFragment[];
  /** When the queue was read: waiting times count on from there. */
  receivedAt: number;
  nameOf: (conversationId: string) => string;
  openId?: string;
  meId?: string;
}) {
  const { t } = useTranslation();
  const now = useTick(5000);
  const waiting = entries.filter((h) => h.status === 'WAITING').length;
  return (
    <section className="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t('support.queue.title')} <span className="count">{waiting}</span>
      </h2>
      {entries.length === 0 ? <p className="empty small">{t('support.queue.empty')}</p> : null}
      <ul>
        {entries.map((h) => {
          const waited = h.status === 'WAITING' ? h.waitingSeconds + (now - receivedAt) / 1000 : h.waitingSeconds;
          const href = `/inbox/${businessId}/${h.conversationId}`;
          const name = nameOf(h.conversationId);
          return (
            <li key={h.id}>
              <a
                href={href}
                className={`queue-entry status-${h.status.toLowerCase()}${h.conversationId === openId ? ' active' : ''}`}
                aria-current={h.conversationId === openId ? 'true' : undefined}
                onClick={(e) => (e.preventDefault(), navigate(href))}
              >
                <span className="queue-top">
                  <strong className="queue-name">{name}</strong>
                  <span className="wait" aria-label={t('support.queue.waitedLabel', { time: waitText(waited, t) })}>
                    {h.status === 'WAITING' ? waitText(waited, t) : null}
                  </span>
                </span>
                <span className="chips">
                  <span className="chip lang" title={t('support.queue.language')}>
                    {h.language.toUpperCase()}
                  </span>
                  <span className={`chip reason-${h.reason.toLowerCase()}`}>{t(`support.reason.${h.reason}`)}</span>
                  {h.intent ? <span className="chip">{intentLabel(h.intent, t)}</span> : null}
                  {h.status === 'CLAIMED' ? (
                    <span className="chip claimed">
                      {h.agentId === meId ? t('support.queue.claimedByYou') : t('support.queue.claimedByOther')}
                    </span>
                  ) : null}
                </span>
                <span className="queue-summary">{h.summary}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
