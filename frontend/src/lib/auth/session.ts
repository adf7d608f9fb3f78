/**
 * Where the tokens live, and the one refresh that every request waits for.
 *
 * Access token: memory only (a module variable), so nothing persisted holds a token that works on
 * the API by itself for its 15 minutes. Refresh token: sessionStorage, so a reload keeps the
 * user signed in while closing the tab ends it; the API rotates it on every use and kills the whole
 * family when an old one comes back, so a copy an attacker reads is spent the moment either side
 * uses it. Tabs of the same sign-in tell each other about rotations (BroadcastChannel), so a
 * duplicated tab does not replay a spent token.
 */

const REFRESH_KEY = "bina.refresh";
const SKEW_MS = 30_000;

export type TokenPair = { access_token: string; expires_in: number; refresh_token?: string | null };

type Listener = () => void;
type Message = { type: "rotated"; previous: string; next: string } | { type: "ended"; token: string };

let accessToken: string | null = null;
let accessExpiresAt = 0;
let refreshing: Promise<boolean> | null = null;
let exchange: ((refreshToken: string) => Promise<TokenPair | null>) | null = null;
const listeners = new Set<Listener>();
const channel = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("bina-auth");

function storedRefresh(): string | null {
  try {
    return sessionStorage.getItem(REFRESH_KEY);
  } catch {
    return null;
  }
}

function storeRefresh(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(REFRESH_KEY, token);
    else sessionStorage.removeItem(REFRESH_KEY);
  } catch {
    // Storage refused (private mode quota): the sign-in lasts until reload.
  }
}

function notify(): void {
  for (const listener of listeners) listener();
}

channel?.addEventListener("message", (event: MessageEvent<Message>) => {
  const msg = event.data;
  const mine = storedRefresh();
  if (msg.type === "rotated" && mine === msg.previous) storeRefresh(msg.next);
  if (msg.type === "ended" && mine === msg.token) clearSession();
});

/** Register how a refresh token is traded for new tokens (the API client does). */
export function setTokenExchange(fn: (refreshToken: string) => Promise<TokenPair | null>): void {
  exchange = fn;
}

export function startSession(pair: TokenPair): void {
  const previous = storedRefresh();
  accessToken = pair.access_token;
  accessExpiresAt = Date.now() + pair.expires_in * 1000;
  if (pair.refresh_token) {
    storeRefresh(pair.refresh_token);
    if (previous && previous !== pair.refresh_token) {
      channel?.postMessage({ type: "rotated", previous, next: pair.refresh_token } satisfies Message);
    }
  }
  notify();
}

export function clearSession(): void {
  const had = accessToken !== null || storedRefresh() !== null;
  accessToken = null;
  accessExpiresAt = 0;
  storeRefresh(null);
  if (had) notify();
}

/** Sign-out: forget the tokens here and in every tab of the same sign-in. */
export function endSession(): string | null {
  const token = storedRefresh();
  if (token) channel?.postMessage({ type: "ended", token } satisfies Message);
  clearSession();
  return token;
}

export function hasSession(): boolean {
  return accessToken !== null || storedRefresh() !== null;
}

export function currentRefreshToken(): string | null {
  return storedRefresh();
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Trade the refresh token for new tokens; concurrent callers share one request. */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  const token = storedRefresh();
  if (!token || !exchange) return Promise.resolve(false);
  const run = exchange;
  refreshing = run(token)
    .then((pair) => {
      if (!pair) {
        clearSession();
        return false;
      }
      startSession(pair);
      return true;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** A usable access token, refreshing first when it is missing or about to expire. */
export async function accessTokenFresh(): Promise<string | null> {
  if (accessToken && Date.now() < accessExpiresAt - SKEW_MS) return accessToken;
  if (!storedRefresh()) return accessToken;
  await refreshSession();
  return accessToken;
}
