import { beforeEach, describe, expect, it, vi } from 'vitest';
import { refreshSession, type RefreshCall } from './refresh';
import { readSession, SESSION_EXPIRED_EVENT, sessionOf, writeSession } from './session';

const user = { id: 'u1', username: 'firm1', displayName: '企业', role: 'enterprise' as const, departmentCode: null, enterpriseId: 'e1' };
const answer = (n: number) => ({ accessToken: `a${n}`, tokenType: 'Bearer' as const, expiresIn: 900, refreshToken: `r${n}`, refreshExpiresIn: 86400, user });

describe('refreshing the session', () => {
  beforeEach(() => window.localStorage.clear());

  it('spends the refresh token once however many calls need it at the same time, and stores the new pair', async () => {
    const first = sessionOf(answer(1));
    writeSession(first);
    let n = 1;
    const post = vi.fn<RefreshCall>(async () => ({ ok: true, result: answer(++n) }));
    const all = await Promise.all([refreshSession(post, first), refreshSession(post, first), refreshSession(post, first)]);
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('r1');
    expect(all.map((s) => s?.token)).toEqual(['a2', 'a2', 'a2']);
    expect(readSession()?.refreshToken).toBe('r2');
  });

  it('takes the session another tab already renewed instead of spending the old token again', async () => {
    const stale = sessionOf(answer(1));
    writeSession(sessionOf(answer(5))); // another tab renewed meanwhile
    const post = vi.fn<RefreshCall>();
    expect((await refreshSession(post, stale))?.token).toBe('a5');
    expect(post).not.toHaveBeenCalled();
  });

  it('ends the session when the server refuses the refresh token (revoked, reused), but not on a network failure', async () => {
    const s = sessionOf(answer(1));
    writeSession(s);
    const ended = vi.fn();
    window.addEventListener(SESSION_EXPIRED_EVENT, ended);
    expect(await refreshSession(async () => ({ ok: false, status: 0 }), s)).toBeNull();
    expect(readSession()?.refreshToken).toBe('r1');
    expect(ended).not.toHaveBeenCalled();
    expect(await refreshSession(async () => ({ ok: false, status: 401 }), s)).toBeNull();
    expect(readSession()).toBeNull();
    expect(ended).toHaveBeenCalledTimes(1);
    window.removeEventListener(SESSION_EXPIRED_EVENT, ended);
  });
});
