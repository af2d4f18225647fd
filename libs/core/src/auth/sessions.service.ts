import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { uuid7 } from '../ids/uuid7';
import type { Principal } from './roles';
import { SessionRow, SessionsRepository } from './sessions.repository';

/** What an access token carries besides the standard `sub`, `iat`, `exp`. */
export interface AccessClaims {
  sub: string;
  /** The login session (refresh-token family) the token belongs to: logout revokes it. */
  sid: string;
  /** The user's token version when the session began: a password or role change bumps it. */
  tv: number;
  exp: number;
}

export interface NewSession {
  sessionId: string;
  tokenVersion: number;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export type RotationOutcome =
  | { outcome: 'rotated'; userId: string; sessionId: string; tokenVersion: number; refreshToken: string; refreshExpiresAt: Date }
  | { outcome: 'reused'; userId: string; sessionId: string }
  | { outcome: 'invalid' };

const principalOf = (r: SessionRow): Principal => ({
  id: r.user_id, username: r.username, displayName: r.display_name, role: r.role, departmentCode: r.department_code, enterpriseId: r.enterprise_id,
});

/**
 * Login sessions. A session is a family of refresh tokens: each refresh rotates the token (the old
 * one is spent), a spent token presented again means it was stolen, so the whole family is revoked.
 * Every request checks its session in the database (user active, token version unchanged, session
 * not revoked) and takes role and scope from there, never from the token; the answer is reused for
 * AUTH_SESSION_CACHE_MS, and forgotten at once when this process changes a user or a session.
 * All SQL is in SessionsRepository.
 */
@Injectable()
export class SessionService {
  private readonly cache = new Map<string, { at: number; userId: string; row: SessionRow | null }>();

  constructor(
    private readonly repo: SessionsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private digests(token: string): Array<{ kid: string; digest: string }> {
    return [...this.config.keys.refreshToken.byKid].map(([kid, key]) => ({ kid, digest: createHmac('sha256', key).update(token).digest('hex') }));
  }

  private async issueRefresh(m: EntityManager, sessionId: string): Promise<{ refreshToken: string; refreshExpiresAt: Date }> {
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const refreshExpiresAt = new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000);
    const { kid, key } = this.config.keys.refreshToken.current;
    await this.repo.addRefreshToken(m, { digest: createHmac('sha256', key).update(refreshToken).digest('hex'), keyId: kid, sessionId, expiresAt: refreshExpiresAt });
    return { refreshToken, refreshExpiresAt };
  }

  /** A new session for a user who just proved who they are. */
  async open(userId: string, source: string, manager?: EntityManager): Promise<NewSession> {
    const run = async (m: EntityManager): Promise<NewSession> => {
      const tokenVersion = await this.repo.tokenVersionOf(m, userId);
      if (tokenVersion === null) throw new Error(`no user ${userId} to open a session for`);
      const sessionId = uuid7();
      await this.repo.insertSession(m, { id: sessionId, userId, tokenVersion, source: source.slice(0, 100) });
      return { sessionId, tokenVersion, ...(await this.issueRefresh(m, sessionId)) };
    };
    return manager ? run(manager) : this.repo.transaction(run);
  }

  /** Spends a refresh token for a new one; a spent token again revokes its session (theft). */
  async rotate(refreshToken: string): Promise<RotationOutcome> {
    if (!/^rt_[A-Za-z0-9_-]{43}$/.test(refreshToken)) return { outcome: 'invalid' };
    const outcome = await this.repo.transaction(async (m): Promise<RotationOutcome> => {
      const t = await this.repo.lockRefreshToken(m, this.digests(refreshToken).map((d) => d.digest));
      if (!t) return { outcome: 'invalid' };
      if (t.used_at) {
        await this.revokeIn(m, t.session_id, 'refresh_token_reused');
        return { outcome: 'reused', userId: t.user_id, sessionId: t.session_id };
      }
      if (t.revoked_at || new Date(t.expires_at) <= new Date() || !t.active || t.token_version !== t.session_tv) return { outcome: 'invalid' };
      await this.repo.spendRefreshToken(m, t.token_digest, t.session_id);
      const next = await this.issueRefresh(m, t.session_id);
      return { outcome: 'rotated', userId: t.user_id, sessionId: t.session_id, tokenVersion: t.session_tv, ...next };
    });
    if (outcome.outcome === 'reused') this.forgetSession(outcome.sessionId);
    return outcome;
  }

  private async revokeIn(m: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    return this.repo.revokeSession(m, sessionId, reason);
  }

  /** Ends one session (logout): its access tokens stop working at once and its refresh token is dead. */
  async revoke(sessionId: string, reason: string): Promise<boolean> {
    const done = await this.repo.transaction((m) => this.revokeIn(m, sessionId, reason));
    this.forgetSession(sessionId);
    return done;
  }

  /** The session a refresh token belongs to (logout with an expired access token), or null. */
  async sessionOfRefresh(refreshToken: string): Promise<{ sessionId: string; userId: string } | null> {
    if (!/^rt_[A-Za-z0-9_-]{43}$/.test(refreshToken)) return null;
    return this.repo.sessionOfRefresh(this.digests(refreshToken).map((d) => d.digest));
  }

  /** Ends every session of a user (password or role change, deactivation), in the caller's transaction. */
  async revokeAllOf(m: EntityManager, userId: string, reason: string): Promise<number> {
    return this.repo.revokeSessionsOf(m, userId, reason);
  }

  /**
   * The caller of an access token as the database knows it now, or null when the session is over
   * (revoked, expired, user deactivated, token version bumped, or the token names another user).
   */
  async principal(claims: AccessClaims): Promise<Principal | null> {
    const ttl = this.config.auth.sessionCacheMs;
    const now = Date.now();
    const hit = ttl > 0 ? this.cache.get(claims.sid) : undefined;
    let row: SessionRow | null;
    if (hit && now - hit.at < ttl) {
      row = hit.row;
    } else {
      row = /^[0-9a-f-]{36}$/i.test(claims.sid) ? await this.repo.session(claims.sid) : null;
      if (ttl > 0) {
        if (this.cache.size > 50_000) for (const [k, v] of this.cache) if (now - v.at >= ttl) this.cache.delete(k);
        this.cache.set(claims.sid, { at: now, userId: row?.user_id ?? claims.sub, row });
      }
    }
    if (!row || row.user_id !== claims.sub || !row.active || row.revoked_at) return null;
    if (row.token_version !== row.session_tv || row.token_version !== claims.tv) return null;
    return principalOf(row);
  }

  forgetSession(sessionId: string): void {
    this.cache.delete(sessionId);
  }

  /** Drops what this process remembers of a user's sessions (after a change to the user). */
  forgetUser(userId: string): void {
    for (const [sid, v] of this.cache) if (v.userId === userId) this.cache.delete(sid);
  }
}
