import type { Message, MessageKind, SenderKind } from './entities/message.entity';

/** A message as it travels (events, GraphQL): plain data, dates as ISO strings. */
export interface MessageView {
  id: string;
  conversationId: string;
  seq: number;
  senderKind: SenderKind;
  senderPersonId: string | null;
  senderBusinessId: string | null;
  clientMessageId: string | null;
  kind: MessageKind;
  payload: Record<string, unknown>;
  failedReason: string | null;
  createdAt: string;
  deletedAt: string | null;
}

export function viewOf(m: Message): MessageView {
  return {
    id: m.id,
    conversationId: m.conversationId,
    seq: m.seq,
    senderKind: m.senderKind,
    senderPersonId: m.senderPersonId,
    senderBusinessId: m.senderBusinessId,
    clientMessageId: m.clientMessageId,
    kind: m.kind,
    payload: m.payload,
    failedReason: m.failedReason,
    createdAt: new Date(m.createdAt).toISOString(),
    deletedAt: m.deletedAt ? new Date(m.deletedAt).toISOString() : null,
  };
}
