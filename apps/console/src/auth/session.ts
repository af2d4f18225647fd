import type { components } from '../api/schema';

export type Principal = components['schemas']['PrincipalDto'];
export type Role = Principal['role'];

/** What the browser keeps of a login: the bearer token, who it is, and when it stops working. */
export interface Session {
  token: string;
  user: Principal;
  /** epoch milliseconds */
  expiresAt: number;
}

const KEY = 'qinqing.session';

export function readSession(now = Date.now(), storage: Storage = window.localStorage): Session | null {
  try {
    const raw = storage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'number' || !s.user) return null;
    return s.expiresAt > now ? s : null;
  } catch {
    return null;
  }
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

/** Fired when the API refuses the stored token (expired, revoked): the app goes back to the login page. */
export const SESSION_EXPIRED_EVENT = 'qinqing:session-expired';
