import { beforeEach, describe, expect, it } from 'vitest';
import { clearSession, readSession, sessionExpired, writeSession } from './session';

const user = { id: 'u1', username: 'kjj_editor', displayName: '市科技局政策编辑', role: 'dept_editor' as const, departmentCode: 'kjj', enterpriseId: null };

describe('session in the browser', () => {
  beforeEach(() => window.localStorage.clear());

  it('is read back until it expires, and then counts as expired (not as never logged in)', () => {
    writeSession({ token: 't', user, expiresAt: 2_000 });
    expect(readSession(1_999)?.user.username).toBe('kjj_editor');
    expect(readSession(2_000)).toBeNull();
    expect(sessionExpired(2_000)).toBe(true);
    clearSession();
    expect(sessionExpired(2_000)).toBe(false);
  });

  it('ignores a damaged entry', () => {
    window.localStorage.setItem('qinqing.session', '{not json');
    expect(readSession()).toBeNull();
  });
});
