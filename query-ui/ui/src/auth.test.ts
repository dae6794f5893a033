import { describe, expect, it } from 'vitest';
import { authHeaders, loginResult, refusalMessage, storedToken, storeToken, type TokenStore } from './auth';

function memory(): TokenStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => { items.set(k, v); }, removeItem: (k) => { items.delete(k); } };
}

describe('the session token', () => {
  it('is stored trimmed, read back and forgotten', () => {
    const s = memory();
    expect(storedToken(s)).toBeNull();
    storeToken('  abc123  ', s);
    expect(storedToken(s)).toBe('abc123');
    storeToken(null, s);
    expect(storedToken(s)).toBeNull();
    expect(s.items.size).toBe(0);
    storeToken('   ', s);
    expect(storedToken(s)).toBeNull();
  });

  it('becomes a bearer Authorization header, none without a token', () => {
    expect(authHeaders('abc')).toEqual({ Authorization: 'Bearer abc' });
    expect(authHeaders(null)).toEqual({});
  });
});

describe('refusals', () => {
  it('says 403 for a change needs an admin token', () => {
    const m = refusalMessage(403, 'forbidden: a token with role read (expected: admin, to change alarm rules)');
    expect(m).toMatch(/^403: not allowed with this token: changes need an admin token/);
    expect(m).toContain('role read');
    expect(refusalMessage(403, 'forbidden: a token with role ingest (expected: read or admin, to call the API)'))
      .not.toContain('admin token');
    expect(refusalMessage(401, 'missing token')).toBe('401: sign-in needed (missing token)');
    expect(refusalMessage(500, 'boom')).toBe('500: boom');
  });

  it('tells the login page why a token was not taken', () => {
    expect(loginResult(200, '')).toBeNull();
    expect(loginResult(401, 'invalid token')).toBe('This token is not valid on this server.');
    expect(loginResult(403, 'forbidden: a token with role ingest')).toContain('use a read or admin token');
  });
});
