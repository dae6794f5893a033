import { useState } from 'react';
import { tryToken } from './api';
import { loginResult, signInNeeded, storedToken, storeToken } from './auth';

/**
 * The login page, shown when the API answers 401 (auth on, no token or a token the server no longer takes): the
 * token is checked against the API, then kept for this tab's session only.
 */
export function Login({ onSignedIn }: { onSignedIn: () => void }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const t = token.trim();
    if (!t) { setError('Enter a token.'); return; }
    setBusy(true);
    const r = await tryToken(t);
    setBusy(false);
    const problem = r.status === 0 ? r.message : loginResult(r.status, r.message);
    if (problem) { setError(problem); return; }
    storeToken(t);
    onSignedIn();
  };
  return (
    <div className="login" data-testid="login">
      <form className="login-box" onSubmit={submit}>
        <h1>Pinscope</h1>
        <p>This server needs a token. Ask its operator for a <b>read</b> token (to look) or an <b>admin</b> token
          (to change alarm rules and settings).</p>
        <label htmlFor="login-token">API token</label>
        <input id="login-token" data-testid="login-token" type="password" autoComplete="off" autoFocus value={token}
          onChange={(e) => setToken(e.target.value)} />
        <button type="submit" data-testid="login-submit" disabled={busy}>{busy ? 'Checking…' : 'Sign in'}</button>
        {error && <div className="status error" role="alert" data-testid="login-error">{error}</div>}
        <p className="muted">The token is kept in this browser tab only, until you sign out or close the tab.</p>
      </form>
    </div>
  );
}

/** The sign-out button, shown while a token is kept: forgets it and shows the login page. */
export function SignOut() {
  if (!storedToken()) return null;
  return (
    <button type="button" className="sign-out" data-testid="logout" title="forget the token and sign out"
      onClick={signInNeeded}>Sign out</button>
  );
}
