import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { freshAccessToken, onSessionChange } from './session';

/** Socket state, for the "reconnecting…" banner and for screens that catch up after a drop. */
export type SocketState = 'connecting' | 'connected' | 'idle' | 'dropped';
type SocketListener = (state: SocketState, reconnected: boolean) => void;
const socketListeners = new Set<SocketListener>();
let everConnected = false;

export function onSocketState(listener: SocketListener): () => void {
  socketListeners.add(listener);
  return () => socketListeners.delete(listener);
}
const emit = (state: SocketState, reconnected = false) => socketListeners.forEach((l) => l(state, reconnected));

/**
 * One graphql-ws socket for every subscription, credentials in the connection parameters (the API
 * closes a socket without them). It retries forever with backoff; screens resubscribe from their
 * last sequence number when it comes back (see onSocketState), so nothing sent meanwhile is lost.
 */
export const ws: WsClient = createWsClient({
  url: () => new URL('/graphql', location.href).toString().replace(/^http/, 'ws'),
  lazy: true,
  keepAlive: 15_000,
  retryAttempts: Number.POSITIVE_INFINITY,
  shouldRetry: () => true,
  retryWait: async (retries) => new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** retries, 10_000))),
  connectionParams: async () => {
    const token = await freshAccessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  },
  on: {
    connecting: () => emit('connecting'),
    connected: () => {
      emit('connected', everConnected);
      everConnected = true;
    },
    // 1000 is the client's own lazy close (no subscription left); anything else is a drop.
    closed: (event) => emit((event as CloseEvent | undefined)?.code === 1000 ? 'idle' : 'dropped'),
  },
});

// A new session (sign-in, refresh, sign-out) needs a socket with the new credentials.
onSessionChange(() => ws.terminate());

async function authedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const token = await freshAccessToken();
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

export function createClient(): Client {
  return new Client({
    url: '/graphql',
    fetch: authedFetch,
    // POST always: Apollo's CSRF prevention refuses a GET without a preflight-forcing header, and
    // queries carry tokens we would rather not see in access logs.
    preferGetMethod: false,
    // The document cache: screens that must be live use subscriptions or network-only reads.
    exchanges: [
      cacheExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
      fetchExchange,
    ],
  });
}

/** A fresh id for idempotency keys and client message ids. */
export function newId(): string {
  return crypto.randomUUID();
}
