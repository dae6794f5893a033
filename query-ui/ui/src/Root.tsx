import { useEffect, useState } from 'react';
import { App } from './App';
import { onSignInNeeded } from './auth';
import { Login } from './Login';

/**
 * The app behind its login: any 401 shows the login page; signing in remounts the app (every view reloads with
 * the token); signing out forgets the token and shows the login page again.
 */
export function Root() {
  const [signIn, setSignIn] = useState(false);
  const [session, setSession] = useState(0);
  useEffect(() => onSignInNeeded(() => setSignIn(true)), []);
  if (signIn) return <Login onSignedIn={() => { setSignIn(false); setSession((n) => n + 1); }} />;
  return <App key={session} />;
}
