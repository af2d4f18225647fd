import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, needsRefresh, readSession, sessionExpired, sessionOf, writeSession } from './session';

const user = { id: 'u1', username: 'kjj_editor', displayName: '市科技局政策编辑', role: 'dept_editor' as const, departmentCode: 'kjj', enterpriseId: null };
const login = { accessToken: 'a1', tokenType: 'Bearer' as const, expiresIn: 900, refreshToken: 'r1', refreshExpiresIn: 7 * 86400, user };

describe('session in the browser', () => {
  beforeEach(() => window.localStorage.clear());

  it('lives as long as its refresh token; the short access token only needs renewing', () => {
    const s = sessionOf(login, 0);
    expect(s).toMatchObject({ token: 'a1', expiresAt: 900_000, refreshToken: 'r1', refreshExpiresAt: 7 * 86_400_000 });
    writeSession(s);
    expect(readSession(899_999)?.user.username).toBe('kjj_editor');
    expect(needsRefresh(s, 860_000)).toBe(false);
    expect(needsRefresh(s, 880_000)).toBe(true); // within 30 s of its end
    expect(readSession(901_000)?.token).toBe('a1'); // access token over, session not
    expect(readSession(7 * 86_400_000)).toBeNull();
    expect(sessionExpired(7 * 86_400_000)).toBe(true);
    clearSession();
    expect(sessionExpired(7 * 86_400_000)).toBe(false);
  });

  it('ignores a damaged entry or one stored before refresh tokens existed', () => {
    window.localStorage.setItem('qinqing.session', '{not json');
    expect(readSession()).toBeNull();
    window.localStorage.setItem('qinqing.session', JSON.stringify({ token: 't', user, expiresAt: Date.now() + 1000 }));
    expect(readSession()).toBeNull();
  });
});
