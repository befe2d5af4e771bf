import { describe, expect, it } from 'vitest';
import { MessageList, tickFor, type Msg } from './chat-state';

const msg = (seq: number, extra: Partial<Msg> = {}): Msg =>
  ({
    __typename: 'Message',
    id: `m${seq}`,
    seq,
    conversationId: 'c',
    clientMessageId: `cm${seq}`,
    kind: 'TEXT',
    senderKind: 'PERSON',
    senderPersonId: 'me',
    senderBusinessId: null,
    createdAt: new Date(Math.min(seq, 1e9) * 1000).toISOString(),
    deletedAt: null,
    status: 'SENT',
    failedReason: null,
    content: { __typename: 'TextContent', body: `text ${seq}` },
    ...extra,
  }) as Msg;

describe('a conversation on the client', () => {
  it('shows each message once, in seq order, whatever order and however often it arrives', () => {
    const list = new MessageList().with([msg(3), msg(1)]).with([msg(2), msg(3), msg(1)]);
    expect(list.ordered().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(list.lastSeq).toBe(3);
    expect(list.firstSeq).toBe(1);
  });

  it('replaces a message being sent by the one the server confirmed', () => {
    const pending = msg(Number.MAX_SAFE_INTEGER, { clientMessageId: 'x', pending: true });
    let list = new MessageList().with([msg(1), pending]);
    expect(list.ordered().map((m) => m.pending ?? false)).toEqual([false, true]);
    list = list.with([msg(2, { clientMessageId: 'x' })]);
    expect(list.ordered().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('keeps a message that failed to send, to retry', () => {
    const failed = msg(0, { clientMessageId: 'y', failed: true });
    expect(new MessageList().with([failed]).ordered()[0].failed).toBe(true);
  });

  it('ticks: the server status, raised by read marks that arrived later, never lowered', () => {
    const m = msg(5);
    expect(tickFor(m, new Map())).toBe('SENT');
    expect(tickFor(m, new Map([['p:a', { read: 0, delivered: 5 }]]))).toBe('DELIVERED');
    expect(tickFor(m, new Map([['p:a', { read: 5, delivered: 5 }]]))).toBe('READ');
    // In a group every other member must have read it.
    expect(
      tickFor(
        m,
        new Map([
          ['p:a', { read: 5, delivered: 5 }],
          ['p:b', { read: 2, delivered: 4 }],
        ]),
      ),
    ).toBe('SENT');
    expect(tickFor(msg(5, { status: 'READ' }), new Map([['p:a', { read: 0, delivered: 0 }]]))).toBe('READ');
    expect(tickFor(msg(5, { pending: true }), new Map())).toBe('PENDING');
  });
});
