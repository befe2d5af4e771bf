/**
 * The signed-in session: tokens in localStorage (so a reload keeps you signed in), the access
 * token refreshed shortly before it expires, once at a time however many requests ask.
 */
export interface Tokens {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
}

const KEY = 'kedai.session';
const REFRESH_MARGIN_MS = 60_000;
type Listener = (tokens: Tokens | null) => void;
const listeners = new Set<Listener>();
let refreshing: Promise<Tokens | null> | null = null;

export function currentTokens(): Tokens | null {
  try {
    const raw = localStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

export function saveTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else localStorage.removeItem(KEY);
  for (const l of listeners) l(tokens);
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { accessToken refreshToken accessTokenExpiresAt }
}`;

async function refresh(tokens: Tokens): Promise<Tokens | null> {
  try {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: REFRESH, variables: { refreshToken: tokens.refreshToken } }),
    });
    const body = (await res.json()) as { data?: { refreshSession: Tokens }; errors?: { extensions?: { code?: string } }[] };
    if (body.data?.refreshSession) {
      saveTokens(body.data.refreshSession);
      return body.data.refreshSession;
    }
    // A refused refresh token (used, revoked, expired) ends the session; anything else may pass.
    if (body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) saveTokens(null);
    return null;
  } catch {
    return currentTokens();
  }
}

/** An access token good for at least a minute, refreshing first when needed; null when signed out. */
export async function freshAccessToken(): Promise<string | null> {
  const tokens = currentTokens();
  if (!tokens) return null;
  if (Date.parse(tokens.accessTokenExpiresAt) - Date.now() > REFRESH_MARGIN_MS) return tokens.accessToken;
  refreshing ??= refresh(tokens).finally(() => (refreshing = null));
  return (await refreshing)?.accessToken ?? null;
}
