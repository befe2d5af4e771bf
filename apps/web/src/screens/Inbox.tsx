import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useSubscription } from 'urql';
import { BusinessInbox, SetConversationHandler } from '../graphql/merchant';
import { Me } from '../graphql/operations';
import { SupportQueue, SupportQueueChanged } from '../graphql/support';
import { errorText, useOnReconnect, useSocketState, useThrottled } from '../lib/hooks';
import { match, navigate } from '../lib/router';
import { Empty, ErrorNote, Spinner, timeOf } from '../components/ui';
import { ChatView } from '../components/chat/ChatView';
import { HandoffPanel } from '../components/inbox/HandoffPanel';
import { QueueList } from '../components/inbox/QueueList';
import { SupportFigures } from '../components/inbox/SupportFigures';

/** The rest of the business's chats (not handed over) have no business-wide subscription: read now and then. */
const LIST_POLL_MS = 15_000;

/**
 * The agent inbox, for a business's people who answer chats (Kedai Support's staff included: it is
 * a business too). The support bot's queue is live (supportQueueChanged over the socket): a
 * conversation handed over appears at once, with how long it has waited; an agent claims it,
 * answers in the chat, keeps internal notes, hands it back or resolves it. Below, every chat of
 * the business with who handles it, where an agent can also take over without the bot asking.
 */
export default function Inbox({ businessId, path }: { businessId: string; path: string }) {
  const { t, i18n } = useTranslation();
  const open = match('/inbox/:businessId/:conversationId', path)?.conversationId;
  const [me] = useQuery({ query: Me });
  const [inbox, refetchInbox] = useQuery({ query: BusinessInbox, variables: { businessId }, requestPolicy: 'cache-and-network' });
  const [queue, refetchQueue] = useQuery({ query: SupportQueue, variables: { businessId }, requestPolicy: 'cache-and-network' });
  const [receivedAt, setReceivedAt] = useState(() => Date.now());
  const [version, setVersion] = useState(0);
  const [switching, setHandler] = useMutation(SetConversationHandler);

  const rereadAll = useThrottled(() => {
    refetchQueue({ requestPolicy: 'network-only' });
    refetchInbox({ requestPolicy: 'network-only' });
  }, 200);
  const [live] = useSubscription({ query: SupportQueueChanged, variables: { businessId } }, (_, event) => {
    rereadAll();
    setVersion((v) => v + 1);
    return event;
  });
  useOnReconnect(rereadAll);
  const { offline } = useSocketState();
  const notLive = !!live.error || offline;
  useEffect(() => setReceivedAt(Date.now()), [queue.data]);
  useEffect(() => {
    const timer = setInterval(
      () => document.visibilityState === 'visible' && refetchInbox({ requestPolicy: 'network-only' }),
      LIST_POLL_MS,
    );
    return () => clearInterval(timer);
  }, [refetchInbox]);

  const agentOf = me.data?.myBusinesses.filter((b) => b.permissions.includes('CHATS_ANSWER')) ?? [];
  const conversations = inbox.data?.businessInbox.conversations ?? [];
  const handoffs = queue.data?.supportQueue ?? [];
  const current = conversations.find((c) => c.id === open);
  const handoff = handoffs.find((h) => h.conversationId === open);
  const customer = (c: (typeof conversations)[number]) => c.members.map((m) => m.displayName).join(', ') || t('inbox.customer');
  const nameOf = (conversationId: string) => {
    const c = conversations.find((x) => x.id === conversationId);
    return c ? customer(c) : t('inbox.customer');
  };

  return (
    <div className={open ? 'split inbox has-open' : 'split inbox'}>
      <section className="list-pane" aria-labelledby="inbox-title">
        <div className="pane-head">
          <h1 id="inbox-title">{t('inbox.title')}</h1>
          <span className={notLive ? 'live off' : 'live'}>{t(notLive ? 'orders.notLive' : 'orders.live')}</span>
          {agentOf.length > 1 ? (
            <select aria-label={t('merchant.switch')} value={businessId} onChange={(e) => navigate(`/inbox/${e.target.value}`)}>
              {agentOf.map((b) => (
                <option key={b.businessId} value={b.businessId}>
                  {b.business?.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
        <SupportFigures businessId={businessId} version={version} />
        {queue.error && !queue.data ? (
          <ErrorNote onRetry={() => refetchQueue({ requestPolicy: 'network-only' })}>{errorText(queue.error)}</ErrorNote>
        ) : (
          <QueueList
            businessId={businessId}
            entries={handoffs}
            receivedAt={receivedAt}
            nameOf={nameOf}
            openId={open}
            meId={me.data?.me.id}
          />
        )}
        <h2 className="list-title">{t('inbox.all')}</h2>
        {inbox.fetching && !inbox.data ? <Spinner label={t('common.loading')} /> : null}
        {inbox.error && !inbox.data ? (
          <ErrorNote onRetry={() => refetchInbox({ requestPolicy: 'network-only' })}>{errorText(inbox.error)}</ErrorNote>
        ) : null}
        {inbox.data && conversations.length === 0 ? <Empty>{t('inbox.empty')}</Empty> : null}
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
            {handoff ? (
              <HandoffPanel key={handoff.id} handoff={handoff} meId={me.data.me.id} onChanged={rereadAll} />
            ) : (
              <div className="handoff">
                <span>{t(`inbox.handledBy.${current.handler ?? 'BOT'}`)}</span>
                <button
                  type="button"
                  className={current.handler === 'AGENT' ? undefined : 'primary'}
                  disabled={switching.fetching}
                  onClick={() => void setHandler({ conversationId: current.id, agent: current.handler !== 'AGENT' })}
                >
                  {t(current.handler === 'AGENT' ? 'inbox.handBack' : 'inbox.takeOver')}
                </button>
                {switching.error ? <ErrorNote>{errorText(switching.error)}</ErrorNote> : null}
              </div>
            )}
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
          <Empty>{open && inbox.fetching ? t('common.loading') : t('inbox.pick')}</Empty>
        )}
      </section>
    </div>
  );
}
