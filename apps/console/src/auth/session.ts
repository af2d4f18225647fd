import type { components } from '../api/schema';

export type Principal = components['schemas']['PrincipalDto'];
export type Role = Principal['role'];
export type LoginResult = components['schemas']['LoginResultDto'];

/**
 * What the browser keeps of a login: a short-lived access token, the one-time refresh token that
 * renews it (rotated on every use), who it is, and when each stops working.
 */
export interface Session {
  token: string;
  /** epoch milliseconds: the access token's end */
  expiresAt: number;
  refreshToken: string;
  /** epoch milliseconds: the session's end (the refresh token's) */
  refreshExpiresAt: number;
  user: Principal;
}

const KEY = 'qinqing.session';

/** The session as of the login (or refresh) answer. */
export function sessionOf(r: LoginResult, now = Date.now()): Session {
  return { token: r.accessToken, expiresAt: now + r.expiresIn * 1000, refreshToken: r.refreshToken, refreshExpiresAt: now + r.refreshExpiresIn * 1000, user: r.user };
}

/** The stored session while it can still be used or renewed; null when there is none or it is over. */
export function readSession(now = Date.now(), storage: Storage = window.localStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || typeof s.refreshToken !== 'string' || typeof s.expiresAt !== 'number' || typeof s.refreshExpiresAt !== 'number' || !s.user) return null;
    return s.refreshExpiresAt > now ? s : null;
  } catch {
    return null;
  }
}

/** True when the access token is over or about to be (within `marginMs`): renew before using it. */
export function needsRefresh(s: Session, now = Date.now(), marginMs = 30_000): boolean {
  return s.expiresAt - marginMs <= now;
}

/** True when a session was stored but its time is up (the login page then says so). */
export function sessionExpired(now = Date.now(), storage: Storage = window.localStorage): boolean {
  return storage.getItem(KEY) !== null && readSession(now, storage) === null;
}

export function writeSession(s: Session, storage: Storage = window.localStorage): void {
  storage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(storage: Storage = window.localStorage): void {
  storage.removeItem(KEY);
}

/** Fired when the API refuses the session (expired, revoked, refresh refused): the app goes back to the login page. */
export const SESSION_EXPIRED_EVENT = 'qinqing:session-expired';
/** Fired when the session was renewed (this tab or another): the provider re-reads it. */
export const SESSION_RENEWED_EVENT = 'qinqing:session-renewed';
