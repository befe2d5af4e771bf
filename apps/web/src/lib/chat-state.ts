import type { MessageFieldsFragment } from '../gql/graphql';

export type Msg = MessageFieldsFragment & { pending?: boolean; failed?: boolean };
export type Tick = 'PENDING' | 'FAILED' | 'SENT' | 'DELIVERED' | 'READ';

const RANK: Record<string, number> = { FAILED: -1, PENDING: 0, SENT: 1, DELIVERED: 2, READ: 3 };

/**
 * A conversation's messages on the client, keyed by seq (the server numbers them 1, 2, 3… with no
 * gaps), so a message delivered twice — by the first page and by the catch-up after a reconnect —
 * shows once. Messages still on their way are keyed by their client message id.
 */
export class MessageList {
  constructor(
    readonly bySeq: ReadonlyMap<number, Msg> = new Map(),
    readonly pending: ReadonlyMap<string, Msg> = new Map(),
  ) {}

  get lastSeq(): number {
    let max = 0;
    for (const s of this.bySeq.keys()) if (s > max) max = s;
    return max;
  }

  get firstSeq(): number {
    let min = Infinity;
    for (const s of this.bySeq.keys()) if (s < min) min = s;
    return min === Infinity ? 0 : min;
  }

  with(messages: readonly Msg[]): MessageList {
    const bySeq = new Map(this.bySeq);
    const pending = new Map(this.pending);
    for (const m of messages) {
      if (m.pending || m.failed) {
        pending.set(m.clientMessageId ?? m.id, m);
        continue;
      }
      bySeq.set(m.seq, m);
      if (m.clientMessageId) pending.delete(m.clientMessageId);
    }
    return new MessageList(bySeq, pending);
  }

  /** In order: confirmed messages by seq, then the ones still being sent. */
  ordered(): Msg[] {
    return [...[...this.bySeq.values()].sort((a, b) => a.seq - b.seq), ...this.pending.values()];
  }
}

/** The other parties' read and delivered marks, from the members list and live receipt events. */
export type Marks = ReadonlyMap<string, { read: number; delivered: number }>;

/** The tick to show on one of my messages: the server's status, raised by marks that arrived since. */
export function tickFor(m: Msg, marks: Marks): Tick {
  if (m.failed) return 'FAILED';
  if (m.pending) return 'PENDING';
  let best: Tick = m.status === 'FAILED' ? 'FAILED' : (m.status as Tick);
  if (marks.size > 0) {
    const all = [...marks.values()];
    const live: Tick = all.every((x) => x.read >= m.seq)
      ? 'READ'
      : all.every((x) => x.delivered >= m.seq || x.read >= m.seq)
        ? 'DELIVERED'
        : 'SENT';
    if (RANK[live] > RANK[best]) best = live;
  }
  return best;
}
