import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationFieldsFragment } from '../../gql/graphql';
import { tickFor, type Msg } from '../../lib/chat-state';
import { ErrorNote, Spinner } from '../ui';
import { Composer } from './Composer';
import { MessageBubble, type MessageActions } from './MessageBubble';
import { useConversation } from './useConversation';

const CatalogSheet = lazy(() => import('../shop/CatalogSheet'));
const PaySheet = lazy(() => import('../pay/PaySheet'));
const MoneySheet = lazy(() => import('../money/MoneySheet'));
const PayRequestSheet = lazy(() => import('../money/PayRequestSheet'));

type Sheet =
  | { kind: 'catalog'; productId?: string }
  | { kind: 'pay'; orderId: string }
  | { kind: 'money'; mode: 'send' | 'request' }
  | { kind: 'payRequest'; requestId: string; decline?: boolean }
  | null;

/**
 * An open conversation. `meKey` says who "I" am in it: `p:<personId>` for a shopper, `b:<businessId>`
 * for an agent answering for a business (the agent inbox reuses this view).
 */
export function ChatView({
  conversation,
  meId,
  asBusiness,
  onBack,
  title,
}: {
  conversation: ConversationFieldsFragment;
  meId: string;
  asBusiness?: boolean;
  onBack?: () => void;
  title?: string;
}) {
  const { t } = useTranslation();
  const meKey = asBusiness ? `b:${conversation.businessId}` : `p:${meId}`;
  const chat = useConversation(conversation, meKey);
  const [sheet, setSheet] = useState<Sheet>(null);
  const messages = chat.list.ordered();
  const bottom = useRef<HTMLDivElement>(null);
  const name = title ?? conversation.business?.name ?? conversation.title ?? t('chats.direct');

  useEffect(() => {
    bottom.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length]);

  const latest = useMemo(() => {
    const map = new Map<string, string>();
    for (const m of messages) {
      const c = m.content;
      if (c?.__typename === 'PaymentRequestContent') map.set(c.requestId, c.status);
      if (c?.__typename === 'OrderStatusContent') map.set(c.orderId, c.status);
      if (c?.__typename === 'OrderDetailsContent' && !map.has(c.orderId)) map.set(c.orderId, 'AWAITING_PAYMENT');
    }
    return map;
  }, [messages]);

  const mine = (m: Msg) =>
    asBusiness ? m.senderBusinessId === conversation.businessId && m.senderKind !== 'PERSON' : m.senderPersonId === meId;

  const actions: MessageActions = {
    latest,
    onReply: (m, id, replyTitle) =>
      void chat.send(
        { interactiveReply: { id, title: replyTitle, replyToMessageId: m.id } },
        {
          kind: 'INTERACTIVE_REPLY',
          senderPersonId: meId,
          content: { __typename: 'InteractiveReplyContent', id, title: replyTitle, replyToMessageId: m.id },
        },
      ),
    onOpenCatalog: conversation.business && !asBusiness ? (productId) => setSheet({ kind: 'catalog', productId }) : undefined,
    onReviewPay: asBusiness ? undefined : (orderId) => setSheet({ kind: 'pay', orderId }),
    onPayRequest: asBusiness ? undefined : (requestId) => setSheet({ kind: 'payRequest', requestId }),
    onDeclineRequest: asBusiness ? undefined : (requestId) => setSheet({ kind: 'payRequest', requestId, decline: true }),
    onRetry: (m) => {
      const c = m.content;
      if (c?.__typename === 'TextContent') void chat.send({ text: { body: c.body } }, { senderPersonId: meId, content: c });
    },
  };

  const names = new Map(conversation.members.map((x) => [x.personId, x.displayName]));
  const typingNames = chat.typing.length > 0;

  return (
    <div className="chat">
      <header className="chat-head">
        {onBack ? (
          <button type="button" className="icon back" onClick={onBack} aria-label={t('common.back')}>
            ←
          </button>
        ) : null}
        <div className="chat-title">
          <h2>{name}</h2>
          <span className="typing" aria-live="polite">
            {typingNames
              ? t('chat.typing')
              : conversation.kind === 'BUSINESS' && conversation.handler
                ? t(`chat.handler.${conversation.handler}`)
                : ''}
          </span>
        </div>
        <div className="chat-actions">
          {conversation.kind === 'BUSINESS' && !asBusiness ? (
            <button type="button" className="primary small" onClick={() => setSheet({ kind: 'catalog' })}>
              {t('chat.catalog')}
            </button>
          ) : null}
          {conversation.kind !== 'BUSINESS' ? (
            <>
              <button type="button" className="small" onClick={() => setSheet({ kind: 'money', mode: 'send' })}>
                {t('chat.sendMoney')}
              </button>
              <button type="button" className="small" onClick={() => setSheet({ kind: 'money', mode: 'request' })}>
                {t('chat.requestMoney')}
              </button>
            </>
          ) : null}
        </div>
      </header>
      {/* Focusable, so a keyboard can scroll the history (it is a scrolling region of its own). */}
      <div className="messages" role="log" aria-live="polite" aria-label={t('chat.messages', { name })} tabIndex={0}>
        {chat.hasMore ? (
          <button type="button" className="link older" onClick={() => void chat.older()}>
            {t('chat.older')}
          </button>
        ) : null}
        {chat.loading && messages.length === 0 ? <Spinner label={t('common.loading')} /> : null}
        {chat.error ? (
          <ErrorNote onRetry={() => void chat.reload()}>
            {t('chat.loadError')} <small>{chat.error}</small>
          </ErrorNote>
        ) : null}
        {!chat.loading && !chat.error && messages.length === 0 ? <p className="empty">{t('chat.empty')}</p> : null}
        <ol>
          {messages.map((m) => (
            <MessageBubble
              key={m.pending || m.failed ? m.clientMessageId : m.seq}
              m={m}
              mine={mine(m)}
              tick={mine(m) ? tickFor(m, chat.marks) : undefined}
              sender={conversation.kind === 'GROUP' && m.senderPersonId ? names.get(m.senderPersonId) : undefined}
              actions={actions}
            />
          ))}
        </ol>
        <div ref={bottom} />
      </div>
      <Composer
        conversationId={conversation.id}
        onSend={(body) =>
          chat.send(
            { text: { body } },
            {
              senderPersonId: asBusiness ? null : meId,
              senderBusinessId: asBusiness ? conversation.businessId : null,
              senderKind: asBusiness ? 'BUSINESS' : 'PERSON',
              content: { __typename: 'TextContent', body },
            },
          )
        }
      />
      <Suspense fallback={null}>
        {sheet?.kind === 'catalog' && conversation.business ? (
          <CatalogSheet business={conversation.business} productId={sheet.productId} onClose={() => setSheet(null)} />
        ) : null}
        {sheet?.kind === 'pay' ? <PaySheet orderId={sheet.orderId} onClose={() => setSheet(null)} /> : null}
        {sheet?.kind === 'money' ? (
          <MoneySheet conversation={conversation} meId={meId} mode={sheet.mode} onClose={() => setSheet(null)} />
        ) : null}
        {sheet?.kind === 'payRequest' ? (
          <PayRequestSheet
            requestId={sheet.requestId}
            decline={sheet.decline}
            group={conversation.kind === 'GROUP'}
            meId={meId}
            names={names}
            onClose={() => setSheet(null)}
          />
        ) : null}
      </Suspense>
    </div>
  );
}
