import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useSubscription } from 'urql';
import { ChatEvents, Conversations } from '../graphql/operations';
import type { ConversationFieldsFragment, MeQuery } from '../gql/graphql';
import { match, navigate } from '../lib/router';
import { useSocketState } from '../lib/hooks';
import { Empty, ErrorNote, Spinner, timeOf } from '../components/ui';
import { ChatView } from '../components/chat/ChatView';
import { NewChat } from '../components/chat/NewChat';

type Conversation = ConversationFieldsFragment;

export function conversationTitle(c: Conversation, t: (k: string) => string, meId?: string): string {
  if (c.business) return c.business.name;
  if (c.title) return c.title;
  const others = c.members.filter((m) => m.personId !== meId).map((m) => m.displayName);
  return others.join(', ') || t('chats.direct');
}

/** The shopper's chats: the list on the left (the whole screen on a phone), the open chat beside it. */
export function Chats({ path, me }: { path: string; me?: MeQuery['me'] }) {
  const { t } = useTranslation();
  const open = match('/chats/:id', path)?.id;
  const [{ data, fetching, error }, refetch] = useQuery({ query: Conversations, requestPolicy: 'cache-and-network' });
  const { reconnects } = useSocketState();
  const [adding, setAdding] = useState(false);

  // Any event in any of my conversations (or a new one) re-reads the list: previews, unread counts, order.
  const [events] = useSubscription({ query: ChatEvents });
  useEffect(() => {
    if (events.data) refetch({ requestPolicy: 'network-only' });
  }, [events.data, refetch]);
  // After a network drop, catch up on whatever happened meanwhile.
  useEffect(() => {
    if (reconnects > 0) refetch({ requestPolicy: 'network-only' });
  }, [reconnects, refetch]);

  const conversations = data?.conversations.conversations ?? [];
  const current = conversations.find((c) => c.id === open);

  return (
    <div className={open ? 'split has-open' : 'split'}>
      <section className="list-pane" aria-labelledby="chats-title">
        <div className="pane-head">
          <h1 id="chats-title">{t('chats.title')}</h1>
          <button type="button" className="primary small" onClick={() => setAdding(true)}>
            {t('chats.new')}
          </button>
        </div>
        {fetching && !data ? <Spinner label={t('common.loading')} /> : null}
        {error && !data ? (
          <ErrorNote onRetry={() => refetch({ requestPolicy: 'network-only' })}>{t('chats.loadError')}</ErrorNote>
        ) : null}
        {data && conversations.length === 0 ? <Empty>{t('chats.empty')}</Empty> : null}
        <ul className="conversations">
          {conversations.map((c) => (
            <ConversationRow key={c.id} c={c} active={c.id === open} meId={me?.id} />
          ))}
        </ul>
      </section>
      <section className="chat-pane" aria-label={t('chats.conversation')}>
        {open && current && me ? (
          <ChatView
            key={open}
            conversation={current}
            meId={me.id}
            title={conversationTitle(current, t, me.id)}
            onBack={() => navigate('/chats')}
          />
        ) : open && !data ? (
          <Spinner label={t('common.loading')} />
        ) : open && data && !current ? (
          <ErrorNote>{t('chats.notFound')}</ErrorNote>
        ) : (
          <Empty>{t('chats.pick')}</Empty>
        )}
      </section>
      {adding ? (
        <NewChat
          meId={me?.id}
          onClose={() => setAdding(false)}
          onOpened={(id) => {
            setAdding(false);
            refetch({ requestPolicy: 'network-only' });
            navigate(`/chats/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}

function ConversationRow({ c, active, meId }: { c: Conversation; active: boolean; meId?: string }) {
  const { t, i18n } = useTranslation();
  const title = conversationTitle(c, t, meId);
  return (
    <li>
      <a
        href={`/chats/${c.id}`}
        className={active ? 'conversation active' : 'conversation'}
        aria-current={active ? 'true' : undefined}
        onClick={(e) => {
          e.preventDefault();
          navigate(`/chats/${c.id}`);
        }}
      >
        <span className="avatar" aria-hidden="true">
          {title.slice(0, 1).toUpperCase()}
        </span>
        <span className="conversation-text">
          <span className="conversation-title">{title}</span>
          <span className="preview">{c.lastMessagePreview || t('chats.noMessages')}</span>
        </span>
        <span className="conversation-meta">
          {c.lastMessageAt ? <time dateTime={c.lastMessageAt}>{timeOf(c.lastMessageAt, i18n.language)}</time> : null}
          {c.unreadCount > 0 ? (
            <span className="badge" aria-label={t('chats.unread', { count: c.unreadCount })}>
              {c.unreadCount}
            </span>
          ) : null}
        </span>
      </a>
    </li>
  );
}
