// A thin fetch wrapper: errors carry the API's {"error": "..."} message; every call carries the session's token
// (auth.ts), and a 401 asks the app to show its login page.
import { authHeaders, refusalMessage, signInNeeded, storedToken } from './auth';

export class ApiError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

export async function getJson<T>(path: string, params?: Record<string, string | number | boolean | null | undefined>, signal?: AbortSignal): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v != null && v !== '') qs.set(k, String(v));
  const url = qs.toString() ? `${path}?${qs}` : path;
  return request<T>(url, { signal, headers: { Accept: 'application/json' } });
}

/** POST/PUT/DELETE with a JSON body (when given); resolves to the response's JSON, or null for an empty one (204). */
export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  return request<T | null>(path, {
    method, headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), ...authHeaders(storedToken()) } });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`cannot reach the server: ${(e as Error).message}`, 0);
  }
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const msg = body && typeof body === 'object' && 'error' in body ? String((body as { error: unknown }).error) : text.slice(0, 300);
    if (res.status === 401) signInNeeded();
    throw new ApiError(refusalMessage(res.status, msg || res.statusText), res.status);
  }
  if (body === null && text) throw new ApiError(`unexpected response from ${url} (not JSON)`, res.status);
  return body as T;
}

/** Checks a token before keeping it: the status of GET /api/v1/applications with it, and the server's message. */
export async function tryToken(token: string): Promise<{ status: number; message: string }> {
  try {
    const res = await fetch('/api/v1/applications', { headers: { Accept: 'application/json', ...authHeaders(token) } });
    const text = await res.text();
    let message = text.slice(0, 300);
    try { const b = JSON.parse(text); if (b && typeof b === 'object' && 'error' in b) message = String(b.error); } catch { /* not JSON */ }
    return { status: res.status, message };
  } catch (e) {
    return { status: 0, message: `cannot reach the server: ${(e as Error).message}` };
  }
}
