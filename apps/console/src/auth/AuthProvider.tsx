import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { api, call } from '../api/client';
import { clearSession, readSession, SESSION_EXPIRED_EVENT, SESSION_RENEWED_EVENT, sessionOf, writeSession, type Principal, type Session } from './session';

/** Why there is no user any more: RequireAuth sends the person to the login page saying so. */
export type SessionEnd = 'loggedOut' | 'expired' | null;

interface AuthContextValue {
  user: Principal | null;
  ended: SessionEnd;
  login(username: string, password: string): Promise<Principal>;
  logout(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Who is signed in, for the whole app. A 401 on a signed call (expired token) sends the user to the login page with a message. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => readSession());
  const [ended, setEnded] = useState<SessionEnd>(null);
  const location = useLocation();
  const queries = useQueryClient();

  // The signed-in page's RequireAuth then sends the user to the login page (one place navigates).
  useEffect(() => {
    const expired = () => {
      setEnded('expired');
      setSession(null);
      queries.clear();
    };
    // renewed in this tab or another (storage event): keep the provider's copy current
    const renewed = () => setSession(readSession());
    const storage = (e: StorageEvent) => {
      if (e.key === 'qinqing.session') renewed();
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    window.addEventListener(SESSION_RENEWED_EVENT, renewed);
    window.addEventListener('storage', storage);
    return () => {
      window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
      window.removeEventListener(SESSION_RENEWED_EVENT, renewed);
      window.removeEventListener('storage', storage);
    };
  }, [queries]);

  // The session's own lifetime (its refresh token's) ends it while the page stays open; the short
  // access token is renewed by the API client as needed.
  useEffect(() => {
    if (!session) return;
    const ms = session.refreshExpiresAt - Date.now();
    const timer = window.setTimeout(() => {
      clearSession();
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => window.clearTimeout(timer);
  }, [session, location.pathname]);

  const login = useCallback(async (username: string, password: string) => {
    const r = await call(api.POST('/api/v1/auth/login', { body: { username, password } }));
    const s: Session = sessionOf(r);
    writeSession(s);
    queries.clear();
    setEnded(null);
    setSession(s);
    return r.user;
  }, [queries]);

  const logout = useCallback(() => {
    // ends the session on the server too (both tokens stop working); the page does not wait for it
    const ending = readSession();
    if (ending) void api.POST('/api/v1/auth/logout', { body: { refreshToken: ending.refreshToken } }).catch(() => undefined);
    clearSession();
    queries.clear();
    setEnded('loggedOut');
    setSession(null);
  }, [queries]);

  const value = useMemo(() => ({ user: session?.user ?? null, ended, login, logout }), [session, ended, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
