import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { BusinessInbox, SetConversationHandler } from '../graphql/merchant';
import { Me } from '../graphql/operations';
import { errorText } from '../lib/hooks';
import { match, navigate } from '../lib/router';
import { Empty, ErrorNote, Spinner, timeOf } from '../components/ui';
import { ChatView } from '../components/chat/ChatView';

const POLL_MS = 5000;

/**
 * The agent inbox: the business's conversations, who handles each (its bot or an agent), and the
 * open one with "take over" and "hand back to the bot".
 */
export default function Inbox({ businessId, path }: { businessId: string; path: string }) {
  const { t, i18n } = useTranslation();
  const open = match('/inbox/:businessId/:conversationId', path)?.conversationId;
  const [me] = useQuery({ query: Me });
  const [{ data, fetching, error }, refetch] = useQuery({
    query: BusinessInbox,
    variables: { businessId },
    requestPolicy: 'cache-and-network',
  });
  const [switching, setHandler] = useMutation(SetConversationHandler);
  useEffect(() => {
    const timer = setInterval(
      () => document.visibilityState === 'visible' && refetch({ requestPolicy: 'network-only' }),
      POLL_MS,
    );
    return () => clearInterval(timer);
  }, [refetch]);

  const conversations = data?.businessInbox.conversations ?? [];
  const current = conversations.find((c) => c.id === open);
  const customer = (c: (typeof conversations)[number]) => c.members.map((m) => m.displayName).join(', ') || t('inbox.customer');

  return (
    <div className={open ? 'split has-open' : 'split'}>
      <section className="list-pane" aria-labelledby="inbox-title">
        <div className="pane-head">
          <h1 id="inbox-title">{t('inbox.title')}</h1>
        </div>
        {fetching && !data ? <Spinner label={t('common.loading')} /> : null}
        {error && !data ? (
          <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{errorText(error)}</ErrorNote>
        ) : null}
        {data && conversations.length === 0 ? <Empty>{t('inbox.empty')}</Empty> : null}
        <ul className="conversations">
          {conversations.map((c) => (
            <li key={c.id}>
              <a
                href={`/inbox/${businessId}/${c.id}`}
                className={c.id === open ? 'conversation active' : 'conversation'}
                aria-current={c.id === open ? 'true' : undefined}
                onClick={(e) => (e.preventDefault(), navigate(`/inbox/${businessId}/${c.id}`))}
              >
                <span className="avatar" aria-hidden="true">
                  {customer(c).slice(0, 1)}
                </span>
                <span className="conversation-text">
                  <span className="conversation-title">{customer(c)}</span>
                  <span className="preview">{c.lastMessagePreview}</span>
                </span>
                <span className="conversation-meta">
                  {c.lastMessageAt ? <time dateTime={c.lastMessageAt}>{timeOf(c.lastMessageAt, i18n.language)}</time> : null}
                  <span className={`handler handler-${(c.handler ?? 'BOT').toLowerCase()}`}>
                    {t(`inbox.handler.${c.handler ?? 'BOT'}`)}
                  </span>
                  {c.unreadCount > 0 ? <span className="badge">{c.unreadCount}</span> : null}
                </span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section className="chat-pane" aria-label={t('chats.conversation')}>
        {current && me.data ? (
          <>
            <div className="handoff">
              <span>{t(`inbox.handledBy.${current.handler ?? 'BOT'}`)}</span>
              {current.handler === 'AGENT' ? (
                <button
                  type="button"
                  disabled={switching.fetching}
                  onClick={() => void setHandler({ conversationId: current.id, agent: false })}
                >
                  {t('inbox.handBack')}
                </button>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={switching.fetching}
                  onClick={() => void setHandler({ conversationId: current.id, agent: true })}
                >
                  {t('inbox.takeOver')}
                </button>
              )}
              {switching.error ? <ErrorNote>{errorText(switching.error)}</ErrorNote> : null}
            </div>
            <ChatView
              key={current.id}
              conversation={current}
              meId={me.data.me.id}
              asBusiness
              title={customer(current)}
              onBack={() => navigate(`/inbox/${businessId}`)}
            />
          </>
        ) : (
          <Empty>{t('inbox.pick')}</Empty>
        )}
      </section>
    </div>
  );
}
