/**
 * A queue a listener fills and a GraphQL subscription drains: the bridge between a pub/sub
 * callback and the async iterator a subscription resolver returns. Ending the iterator (the client
 * unsubscribed or the socket closed) runs `stop`, which takes the listener away.
 */
export class PushQueue<T> {
  private readonly queue: T[] = [];
  private waiting?: (v: T | null) => void;
  private closed = false;

  push(v: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(v);
    } else this.queue.push(v);
  }

  iterator(stop: () => Promise<void>): AsyncIterableIterator<T> {
    const end = async (): Promise<IteratorResult<T>> => {
      this.closed = true;
      this.waiting?.(null);
      await stop();
      return { done: true, value: undefined };
    };
    return {
      next: async () => {
        const v = this.queue.length ? this.queue.shift()! : await new Promise<T | null>((r) => (this.waiting = r));
        return v === null ? end() : { done: false, value: v };
      },
      return: end,
      throw: end,
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
