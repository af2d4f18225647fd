import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { buildKeyRing, MasterKey } from '../crypto/key-ring';
import type { Role } from './roles';
import type { RefreshTokenRow, SessionRow, SessionsRepository } from './sessions.repository';
import { AccessClaims, SessionService } from './sessions.service';

interface User { id: string; role: Role; active: boolean; tokenVersion: number }
interface Session { id: string; userId: string; tokenVersion: number; source: string; expiresAt: Date; revokedReason: string | null; refreshed: number }
interface Token { digest: string; keyId: string; sessionId: string; expiresAt: Date; usedAt: Date | null }

/** The repository's contract, in memory: users, sessions and refresh tokens by digest. */
class MemorySessions {
  readonly users = new Map<string, User>();
  readonly sessions = new Map<string, Session>();
  readonly tokens = new Map<string, Token>();
  sessionReads = 0;

  transaction<T>(work: (m: EntityManager) => Promise<T>) {
    return work({} as EntityManager);
  }
  async tokenVersionOf(_m: unknown, userId: string) {
    return this.users.get(userId)?.tokenVersion ?? null;
  }
  async insertSession(_m: unknown, s: { id: string; userId: string; tokenVersion: number; source: string }) {
    this.sessions.set(s.id, { ...s, expiresAt: new Date(), revokedReason: null, refreshed: 0 });
  }
  async addRefreshToken(_m: unknown, t: { digest: string; keyId: string; sessionId: string; expiresAt: Date }) {
    this.tokens.set(t.digest, { ...t, usedAt: null });
    (this.sessions.get(t.sessionId) as Session).expiresAt = t.expiresAt;
  }
  async lockRefreshToken(_m: unknown, digests: string[]): Promise<RefreshTokenRow | null> {
    const t = digests.map((d) => this.tokens.get(d)).find(Boolean);
    if (!t) return null;
    const s = this.sessions.get(t.sessionId) as Session;
    const u = this.users.get(s.userId) as User;
    return {
      token_digest: t.digest, session_id: s.id, used_at: t.usedAt, expires_at: t.expiresAt, user_id: u.id, revoked_at: s.revokedReason ? new Date() : null,
      session_tv: s.tokenVersion, token_version: u.tokenVersion, active: u.active,
    };
  }
  async spendRefreshToken(_m: unknown, digest: string, sessionId: string) {
    (this.tokens.get(digest) as Token).usedAt = new Date();
    (this.sessions.get(sessionId) as Session).refreshed++;
  }
  async revokeSession(_m: unknown, sessionId: string, reason: string) {
    const s = this.sessions.get(sessionId);
    if (!s || s.revokedReason) return false;
    s.revokedReason = reason;
    return true;
  }
  async revokeSessionsOf(_m: unknown, userId: string, reason: string) {
    let n = 0;
    for (const s of this.sessions.values()) {
      if (s.userId === userId && !s.revokedReason) {
        s.revokedReason = reason;
        n++;
      }
    }
    return n;
  }
  async sessionOfRefresh(digests: string[]) {
    const t = digests.map((d) => this.tokens.get(d)).find(Boolean);
    return t ? { sessionId: t.sessionId, userId: (this.sessions.get(t.sessionId) as Session).userId } : null;
  }
  async session(sessionId: string): Promise<SessionRow | null> {
    this.sessionReads++;
    const s = this.sessions.get(sessionId);
    const u = s && this.users.get(s.userId);
    if (!s || !u) return null;
    return {
      user_id: u.id, username: u.id, display_name: u.id, role: u.role, department_code: null, enterprise_id: null, active: u.active,
      token_version: u.tokenVersion, session_tv: s.tokenVersion, revoked_at: s.revokedReason ? new Date() : null, expires_at: s.expiresAt,
    };
  }
}

const master = (kid: string): MasterKey => ({ kid, key: randomBytes(32) });

function setup(opts: { sessionCacheMs?: number; masters?: MasterKey[]; repo?: MemorySessions } = {}) {
  const repo = opts.repo ?? new MemorySessions();
  const config = {
    keys: buildKeyRing(opts.masters ?? [master('k1')]),
    jwt: { refreshTtlSeconds: 3600 },
    auth: { sessionCacheMs: opts.sessionCacheMs ?? 0 },
  } as unknown as AppConfig;
  const sessions = new SessionService(repo as unknown as SessionsRepository, config);
  repo.users.set('u1', { id: 'u1', role: 'finance_maker', active: true, tokenVersion: 3 });
  return { repo, sessions };
}

const claims = (c: Partial<AccessClaims> & { sid: string }): AccessClaims => ({ sub: 'u1', tv: 3, exp: 0, ...c });

describe('SessionService decisions (no database)', () => {
  it('rotates a refresh token once; the spent token again is theft and revokes the whole session', async () => {
    const { repo, sessions } = setup();
    const opened = await sessions.open('u1', 'password'.repeat(20));
    expect(opened.tokenVersion).toBe(3);
    expect(repo.sessions.get(opened.sessionId)?.source).toHaveLength(100);
    const first = await sessions.rotate(opened.refreshToken);
    expect(first).toMatchObject({ outcome: 'rotated', userId: 'u1', sessionId: opened.sessionId, tokenVersion: 3 });
    const next = first.outcome === 'rotated' ? first.refreshToken : '';
    expect(next).not.toBe(opened.refreshToken);
    expect(repo.sessions.get(opened.sessionId)?.refreshed).toBe(1);

    expect(await sessions.rotate(opened.refreshToken)).toEqual({ outcome: 'reused', userId: 'u1', sessionId: opened.sessionId });
    expect(repo.sessions.get(opened.sessionId)?.revokedReason).toBe('refresh_token_reused');
    expect(await sessions.rotate(next)).toEqual({ outcome: 'invalid' });
  });

  it('refuses malformed, unknown, expired tokens and those of a deactivated user or an old token version', async () => {
    const { repo, sessions } = setup();
    expect(await sessions.rotate('rt_short')).toEqual({ outcome: 'invalid' });
    expect(await sessions.rotate(`rt_${'A'.repeat(43)}`)).toEqual({ outcome: 'invalid' });
    expect(await sessions.sessionOfRefresh('nope')).toBeNull();

    const a = await sessions.open('u1', 'web');
    for (const t of repo.tokens.values()) t.expiresAt = new Date(Date.now() - 1);
    expect(await sessions.rotate(a.refreshToken)).toEqual({ outcome: 'invalid' });

    const b = await sessions.open('u1', 'web');
    (repo.users.get('u1') as User).active = false;
    expect(await sessions.rotate(b.refreshToken)).toEqual({ outcome: 'invalid' });
    (repo.users.get('u1') as User).active = true;
    (repo.users.get('u1') as User).tokenVersion = 4; // password changed since the session began
    expect(await sessions.rotate(b.refreshToken)).toEqual({ outcome: 'invalid' });
    expect([...repo.tokens.values()].every((t) => t.usedAt === null)).toBe(true);
    await expect(sessions.open('ghost', 'web')).rejects.toThrow('no user ghost');
  });

  it('still accepts a token stored under a retired key after key rotation, and issues the next under the current key', async () => {
    const old = master('k1');
    const before = setup({ masters: [old] });
    const opened = await before.sessions.open('u1', 'web');
    const after = setup({ masters: [master('k2'), old], repo: before.repo });
    expect(await after.sessions.sessionOfRefresh(opened.refreshToken)).toEqual({ sessionId: opened.sessionId, userId: 'u1' });
    const rotated = await after.sessions.rotate(opened.refreshToken);
    expect(rotated.outcome).toBe('rotated');
    expect([...before.repo.tokens.values()].map((t) => t.keyId)).toEqual(['k1', 'k2']);
  });

  it('answers a request from the session as the database has it: role from there, never for another user, an old version or a revoked session', async () => {
    const { repo, sessions } = setup();
    const s = await sessions.open('u1', 'web');
    expect(await sessions.principal(claims({ sid: s.sessionId }))).toMatchObject({ id: 'u1', role: 'finance_maker' });
    (repo.users.get('u1') as User).role = 'auditor';
    expect((await sessions.principal(claims({ sid: s.sessionId })))?.role).toBe('auditor');
    expect(await sessions.principal(claims({ sid: s.sessionId, sub: 'u2' }))).toBeNull();
    expect(await sessions.principal(claims({ sid: s.sessionId, tv: 2 }))).toBeNull();
    const reads = repo.sessionReads;
    expect(await sessions.principal(claims({ sid: 'not-a-uuid' }))).toBeNull();
    expect(repo.sessionReads).toBe(reads);
    expect(await sessions.revoke(s.sessionId, 'logout')).toBe(true);
    expect(await sessions.revoke(s.sessionId, 'logout')).toBe(false);
    expect(await sessions.principal(claims({ sid: s.sessionId }))).toBeNull();
  });

  it('reuses an answer within AUTH_SESSION_CACHE_MS, and forgets it when this process revokes the session or changes the user', async () => {
    const { repo, sessions } = setup({ sessionCacheMs: 60_000 });
    const s = await sessions.open('u1', 'web');
    const t = await sessions.open('u1', 'app');
    await sessions.principal(claims({ sid: s.sessionId }));
    await sessions.principal(claims({ sid: s.sessionId }));
    expect(repo.sessionReads).toBe(1);
    await sessions.revoke(s.sessionId, 'logout');
    expect(await sessions.principal(claims({ sid: s.sessionId }))).toBeNull();
    expect(repo.sessionReads).toBe(2);

    await sessions.principal(claims({ sid: t.sessionId }));
    expect(await sessions.revokeAllOf({} as EntityManager, 'u1', 'password_changed')).toBe(1);
    expect(await sessions.principal(claims({ sid: t.sessionId }))).not.toBeNull(); // cached until told
    sessions.forgetUser('u1');
    expect(await sessions.principal(claims({ sid: t.sessionId }))).toBeNull();
  });
});
