// The API token the user signed in with, kept for the browser tab's session (sessionStorage: gone when the tab
// closes, never sent anywhere but as Authorization: Bearer on this origin's API calls), and the "sign-in
// needed" signal every 401 raises so the app shows its login page.

const KEY = 'pinscope.token';

/** The part of the Web Storage API used here (sessionStorage in the browser; a fake in tests). */
export interface TokenStore { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void }

function session(): TokenStore | null {
  try { return typeof sessionStorage === 'undefined' ? null : sessionStorage; } catch { return null; }
}

/** The stored token, or null (auth off, or not signed in yet). */
export function storedToken(store: TokenStore | null = session()): string | null {
  const t = store?.getItem(KEY);
  return t ? t : null;
}

/** Stores the token (trimmed) or, with null, forgets it. */
export function storeToken(token: string | null, store: TokenStore | null = session()): void {
  if (!store) return;
  if (token && token.trim()) store.setItem(KEY, token.trim());
  else store.removeItem(KEY);
}

/** The Authorization header for the token, or none. */
export function authHeaders(token: string | null): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** What a refused request tells the user: 401 asks to sign in, 403 names the role needed. */
export function refusalMessage(status: number, serverMessage: string): string {
  if (status === 401) return `401: sign-in needed (${serverMessage})`;
  if (status === 403) {
    const admin = /expected: admin/.test(serverMessage);
    return `403: not allowed with this token${admin ? ': changes need an admin token (sign out and sign in with one)' : ''} — ${serverMessage}`;
  }
  return `${status}: ${serverMessage}`;
}

/** What the login page says of its check (GET /api/v1/applications with the typed token). */
export function loginResult(status: number, serverMessage: string): string | null {
  if (status >= 200 && status < 300) return null;
  if (status === 401) return 'This token is not valid on this server.';
  if (status === 403) return `This token cannot read the API (${serverMessage}); use a read or admin token.`;
  return `The server answered ${status}: ${serverMessage}`;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls listener whenever sign-in is needed (a 401, or sign-out); returns the unsubscribe function. */
export function onSignInNeeded(listener: Listener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

/** Raises the sign-in signal (forgetting a token the server no longer takes). */
export function signInNeeded(): void {
  storeToken(null);
  listeners.forEach((l) => l());
}
