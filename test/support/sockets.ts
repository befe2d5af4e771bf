import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

/** Starts an API on a free loopback port (for sockets) and returns its ws:// GraphQL URL. */
export async function listen(api: INestApplication): Promise<string> {
  await api.listen(0, '127.0.0.1');
  const { port } = api.getHttpServer().address() as AddressInfo;
  return `ws://127.0.0.1:${port}/graphql`;
}

/** A graphql-ws client, as a phone would open one: credentials in the connection parameters. */
export function socketClient(url: string, authorization?: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

/** A running subscription that collects what arrives. */
export interface Collector<T> {
  items: T[];
  errors: unknown[];
  done: Promise<void>;
  stop(): void;
}

export function collect<T>(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
  pick: (data: Record<string, unknown>) => T,
): Collector<T> {
  const items: T[] = [];
  const errors: unknown[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const stop = client.subscribe(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) items.push(pick(value.data as Record<string, unknown>));
      },
      error: (e) => {
        errors.push(e);
        finish();
      },
      complete: () => finish(),
    },
  );
  return { items, errors, done, stop };
}
