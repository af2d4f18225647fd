import { clearSession, readSession, SESSION_EXPIRED_EVENT, SESSION_RENEWED_EVENT, sessionOf, writeSession, type LoginResult, type Session } from './session';

/** How a refresh reaches the API (injected so the logic is tested without a server). */
export type RefreshCall = (refreshToken: string) => Promise<{ ok: true; result: LoginResult } | { ok: false; status: number }>;

/** Runs `fn` holding a lock shared by every tab of this origin (Web Locks), or just in this tab where the browser has none. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? (navigator as Navigator & { locks?: LockManager }).locks : undefined;
  return locks ? (locks.request('qinqing-session-refresh', fn) as Promise<T>) : fn();
}

let inFlight: Promise<Session | null> | null = null;

/**
 * Renews the session with its one-time refresh token: one refresh at a time across tabs (a refresh
 * token spent twice ends the session on the server), and a tab that waited for another one's refresh
 * takes the session that tab stored instead of spending the old token. Returns the new session, or
 * null when the session is over (then the app is told to go back to the login page).
 */
export function refreshSession(post: RefreshCall, stale: Session): Promise<Session | null> {
  inFlight ??= withLock(async () => {
    const current = readSession();
    if (!current) return null;
    // another tab (or an earlier call) already renewed it while we waited for the lock
    if (current.refreshToken !== stale.refreshToken) return current;
    const answer = await post(current.refreshToken).catch(() => ({ ok: false as const, status: 0 }));
    if (answer.ok) {
      const renewed = sessionOf(answer.result);
      writeSession(renewed);
      window.dispatchEvent(new CustomEvent(SESSION_RENEWED_EVENT));
      return renewed;
    }
    // a network failure keeps the session (try again on the next call); a refusal ends it
    if (answer.status === 0) return null;
    clearSession();
    window.dispatchEvent(new CustomEvent(SESSION_EXPIRED_EVENT));
    return null;
  }).finally(() => {
    inFlight = null;
  });
  return inFlight;
}
