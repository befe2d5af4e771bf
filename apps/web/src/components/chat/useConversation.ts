import { useCallback, useEffect, useRef, useState } from 'react';
import { useClient } from 'urql';
import { ConversationEvents, MarkRead, Messages, SendMessage } from '../../graphql/operations';
import type { ConversationFieldsFragment, MessageInput } from '../../gql/graphql';
import { MessageList, type Marks, type Msg } from '../../lib/chat-state';
import { newId } from '../../lib/client';
import { useSocketState } from '../../lib/hooks';

export interface Typist {
  key: string;
  until: number;
}

/**
 * One conversation, live: the newest page, then every event after it over the socket (the server
 * sends what came after `afterSeq`, then live). After a drop the subscription restarts from the
 * last seq held, so the chat catches up without gaps or doubles.
 */
export function useConversation(conversation: ConversationFieldsFragment, meKey: string) {
  const client = useClient();
  const id = conversation.id;
  const [list, setList] = useState(() => new MessageList());
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [from, setFrom] = useState<number | null>(null);
  const [typing, setTyping] = useState<Typist[]>([]);
  const [marks, setMarks] = useState<Marks>(
    () =>
      new Map(
        conversation.members
          .filter((m) => `p:${m.personId}` !== meKey)
          .map((m) => [`p:${m.personId}`, { read: m.lastReadSeq, delivered: m.lastDeliveredSeq }]),
      ),
  );
  const listRef = useRef(list);
  listRef.current = list;
  const { reconnects } = useSocketState();

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    const res = await client.query(Messages, { conversationId: id }, { requestPolicy: 'network-only' }).toPromise();
    setLoading(false);
    if (!res.data) return setError(res.error?.message ?? 'error');
    setList((l) => l.with(res.data!.messages.messages));
    setHasMore(res.data.messages.hasMore);
    setFrom((f) => f ?? res.data!.messages.messages.reduce((max, m) => Math.max(max, m.seq), 0));
  }, [client, id]);

  useEffect(() => {
    void load();
  }, [load]);

  // Resubscribe from what we hold after every reconnect.
  useEffect(() => {
    if (reconnects > 0) setFrom(listRef.current.lastSeq);
  }, [reconnects]);

  useEffect(() => {
    if (from === null) return;
    const sub = client.subscription(ConversationEvents, { conversationId: id, afterSeq: from }).subscribe((r) => {
      const e = r.data?.conversationEvents;
      if (!e) return;
      if ((e.type === 'MESSAGE' || e.type === 'DELETED') && e.message) setList((l) => l.with([e.message!]));
      if (e.type === 'RECEIPT') {
        const key = e.personId ? `p:${e.personId}` : `b:${e.businessId}`;
        if (key === meKey) return;
        setMarks((m) => {
          const next = new Map(m);
          const prev = next.get(key) ?? { read: 0, delivered: 0 };
          next.set(key, { read: Math.max(prev.read, e.readSeq ?? 0), delivered: Math.max(prev.delivered, e.deliveredSeq ?? 0) });
          return next;
        });
      }
      if (e.type === 'TYPING') {
        const key = e.personId ? `p:${e.personId}` : `b:${e.businessId}`;
        if (key === meKey) return;
        setTyping((ts) => [...ts.filter((x) => x.key !== key), ...(e.typing ? [{ key, until: Date.now() + 6000 }] : [])]);
      }
      if (e.type === 'MESSAGE' && e.message) {
        const key = e.message.senderPersonId ? `p:${e.message.senderPersonId}` : `b:${e.message.senderBusinessId}`;
        setTyping((ts) => ts.filter((x) => x.key !== key));
      }
    });
    return () => sub.unsubscribe();
  }, [client, id, from, meKey]);

  // Typing marks lapse on their own if the "stopped" event never comes.
  useEffect(() => {
    if (typing.length === 0) return;
    const t = setTimeout(() => setTyping((ts) => ts.filter((x) => x.until > Date.now())), 1000);
    return () => clearTimeout(t);
  }, [typing]);

  const older = useCallback(async () => {
    const res = await client
      .query(Messages, { conversationId: id, beforeSeq: listRef.current.firstSeq }, { requestPolicy: 'network-only' })
      .toPromise();
    if (res.data) {
      setList((l) => l.with(res.data!.messages.messages));
      setHasMore(res.data.messages.hasMore);
    }
  }, [client, id]);

  const send = useCallback(
    async (content: MessageInput, optimistic: Partial<Msg>) => {
      const clientMessageId = newId();
      const draft = {
        __typename: 'Message',
        id: clientMessageId,
        clientMessageId,
        seq: Number.MAX_SAFE_INTEGER,
        conversationId: id,
        kind: 'TEXT',
        senderKind: 'PERSON',
        createdAt: new Date().toISOString(),
        status: 'SENT',
        content: null,
        pending: true,
        ...optimistic,
      } as Msg;
      setList((l) => l.with([draft]));
      const res = await client.mutation(SendMessage, { conversationId: id, clientMessageId, content }).toPromise();
      if (res.data) setList((l) => l.with([res.data!.sendMessage]));
      else
        setList((l) =>
          l.with([{ ...draft, pending: false, failed: true, failedReason: res.error?.graphQLErrors[0]?.message ?? null }]),
        );
      return res;
    },
    [client, id],
  );

  const lastSeq = list.lastSeq;
  const readSent = useRef(conversation.readSeq);
  useEffect(() => {
    if (lastSeq <= readSent.current || document.visibilityState !== 'visible') return;
    readSent.current = lastSeq;
    void client.mutation(MarkRead, { conversationId: id, seq: lastSeq }).toPromise();
  }, [client, id, lastSeq]);

  return { list, hasMore, loading, error, reload: load, older, send, typing, marks };
}
