import { useCallback, useEffect, useRef, useState } from 'react';
import { onSocketState, type SocketState } from './client';

/** A value kept in localStorage, so it survives a reload (drafts, the last tab). */
export function useStored(key: string, initial = ''): [string, (v: string) => void] {
  const [value, setValue] = useState(() => localStorage.getItem(key) ?? initial);
  useEffect(() => setValue(localStorage.getItem(key) ?? initial), [key, initial]);
  const set = (v: string) => {
    setValue(v);
    if (v) localStorage.setItem(key, v);
    else localStorage.removeItem(key);
  };
  return [value, set];
}

/** Whether the live socket dropped after having worked (the "reconnecting…" banner), and how often it came back. */
export function useSocketState(): { offline: boolean; reconnects: number } {
  const [s, setS] = useState({ offline: false, reconnects: 0, seen: false });
  useEffect(
    () =>
      onSocketState((state: SocketState, reconnected) =>
        setS((prev) => ({
          seen: prev.seen || state === 'connected',
          // Offline from a drop until the socket is back; 'connecting' after a drop stays offline.
          offline: state === 'dropped' ? prev.seen : state === 'connecting' ? prev.offline : false,
          reconnects: prev.reconnects + (reconnected ? 1 : 0),
        })),
      ),
    [],
  );
  return s;
}

/**
 * Runs `catchUp` each time the live socket comes back after a drop: what a subscription missed
 * while it was down is read again (subscriptions resume by themselves, but carry no history).
 */
export function useOnReconnect(catchUp: () => void): void {
  const latest = useRef(catchUp);
  latest.current = catchUp;
  useEffect(() => onSocketState((state, reconnected) => state === 'connected' && reconnected && latest.current()), []);
}

/**
 * Calls `fn` at most once per `ms`, trailing: a burst of live events (an order paid, its receipt,
 * its status) becomes one read.
 */
export function useThrottled(fn: () => void, ms: number): () => void {
  const latest = useRef(fn);
  latest.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}

/** Runs `fn` each time `value` changes after the first render (a live event counter, say). */
export function useOnChange(value: unknown, fn: () => void): void {
  const last = useRef(value);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    if (last.current === value) return;
    last.current = value;
    latest.current();
  }, [value]);
}

/** Re-renders every `ms` (a countdown, "2 min ago"). */
export function useTick(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function errorText(
  error:
    | { graphQLErrors?: { message: string; extensions?: Record<string, unknown> }[]; networkError?: Error; message?: string }
    | undefined
    | null,
): string | null {
  if (!error) return null;
  const g = error.graphQLErrors?.[0];
  if (g) return g.message;
  if (error.networkError) return 'network';
  return error.message ?? 'error';
}

export function errorCode(
  error: { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | undefined | null,
): string | null {
  const code = error?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}
