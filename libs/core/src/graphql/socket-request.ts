import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';

/**
 * Proves who opens a GraphQL WebSocket, from its connection parameters (`authorization`, or
 * `x-api-key`): true for a valid person or API key. Provided by the API's auth module; the
 * socket is refused (4403) otherwise, before any subscription starts.
 */
export interface SocketAuthenticator {
  authenticate(headers: Record<string, string | undefined>): Promise<boolean>;
}
export const SOCKET_AUTHENTICATOR = Symbol('kedai.socketAuthenticator');

const REQUEST = Symbol('kedai.socketRequest');

/** The credentials of a socket, as header names: what clients put in connectionParams. */
export function socketHeaders(
  connectionParams: Readonly<Record<string, unknown>> | undefined,
): Record<string, string | undefined> {
  const pick = (k: string) => {
    const v =
      connectionParams?.[k] ?? connectionParams?.[k.toLowerCase()] ?? connectionParams?.[k.replace(/^./, (c) => c.toUpperCase())];
    return typeof v === 'string' ? v : undefined;
  };
  return { authorization: pick('authorization'), 'x-api-key': pick('x-api-key') };
}

/**
 * A request-shaped object for operations arriving over a socket, made once per connection: the
 * guards and `@Ctx()` read credentials and the client address from it as from an HTTP request, so
 * a subscription is authorised by exactly the same code as a query.
 */
export function socketRequest(
  extra: { request: IncomingMessage } & Record<symbol, unknown>,
  connectionParams: Readonly<Record<string, unknown>> | undefined,
): Request {
  const existing = extra[REQUEST] as Request | undefined;
  if (existing) return existing;
  const headers = socketHeaders(connectionParams);
  const shim = {
    id: randomUUID(),
    ip: extra.request.socket.remoteAddress,
    headers,
    header: (name: string) => headers[name.toLowerCase()],
  } as unknown as Request;
  extra[REQUEST] = shim;
  return shim;
}
