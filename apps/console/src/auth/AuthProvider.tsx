import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { clearSession, readSession, SESSION_EXPIRED_EVENT, writeSession, type Principal, type Session } from './session';

interface AuthContextValue {
  user: Principal | null;
  login(username: string, password: string): Promise<Principal>;
  logout(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Who is signed in, for the whole app. A 401 on a signed call (expired token) sends the user to the login page with a message. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(() => readSession());
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();

  useEffect(() => {
    const expired = () => {
      setSession(null);
      queries.clear();
      const next = `${window.location.pathname}${window.location.search}`;
      navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, expired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, expired);
  }, [navigate, queries]);

  // The token's own lifetime also ends the session while the page stays open.
  useEffect(() => {
    if (!session) return;
    const ms = session.expiresAt - Date.now();
    const timer = window.setTimeout(() => {
      clearSession();
      window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    }, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => window.clearTimeout(timer);
  }, [session, location.pathname]);

  const login = useCallback(async (username: string, password: string) => {
    const r = await call(api.POST('/api/v1/auth/login', { body: { username, password } }));
    const s: Session = { token: r.accessToken, user: r.user, expiresAt: Date.now() + r.expiresIn * 1000 };
    writeSession(s);
    queries.clear();
    setSession(s);
    return r.user;
  }, [queries]);

  const logout = useCallback(() => {
    clearSession();
    queries.clear();
    setSession(null);
    navigate('/login?loggedOut=1', { replace: true });
  }, [navigate, queries]);

  const value = useMemo(() => ({ user: session?.user ?? null, login, logout }), [session, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
