import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { uuid7 } from '../ids/uuid7';
import { mutateReturning } from '../database/sql';
import type { Principal, Role } from './roles';

/** What an access token carries besides the standard `sub`, `iat`, `exp`. */
export interface AccessClaims {
  sub: string;
  /** The login session (refresh-token family) the token belongs to: logout revokes it. */
  sid: string;
  /** The user's token version when the session began: a password or role change bumps it. */
  tv: number;
  exp: number;
}

interface SessionRow {
  user_id: string;
  username: string;
  display_name: string;
  role: Role;
  department_code: string | null;
  enterprise_id: string | null;
  active: boolean;
  token_version: number;
  session_tv: number;
  revoked_at: Date | null;
  expires_at: Date;
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
 */
@Injectable()
export class SessionService {
  private readonly cache = new Map<string, { at: number; userId: string; row: SessionRow | null }>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private digests(token: string): Array<{ kid: string; digest: string }> {
    return [...this.config.keys.refreshToken.byKid].map(([kid, key]) => ({ kid, digest: createHmac('sha256', key).update(token).digest('hex') }));
  }

  private async issueRefresh(m: EntityManager, sessionId: string): Promise<{ refreshToken: string; refreshExpiresAt: Date }> {
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const refreshExpiresAt = new Date(Date.now() + this.config.jwt.refreshTtlSeconds * 1000);
    const { kid, key } = this.config.keys.refreshToken.current;
    await m.query(`INSERT INTO core.refresh_tokens (token_digest, key_id, session_id, expires_at) VALUES ($1,$2,$3,$4)`, [
      createHmac('sha256', key).update(refreshToken).digest('hex'), kid, sessionId, refreshExpiresAt,
    ]);
    await m.query(`UPDATE core.auth_sessions SET expires_at = $2 WHERE id = $1`, [sessionId, refreshExpiresAt]);
    return { refreshToken, refreshExpiresAt };
  }

  /** A new session for a user who just proved who they are. */
  async open(userId: string, source: string, manager?: EntityManager): Promise<NewSession> {
    const run = async (m: EntityManager): Promise<NewSession> => {
      const [u]: Array<{ token_version: number }> = await m.query(`SELECT token_version FROM core.users WHERE id = $1`, [userId]);
      const sessionId = uuid7();
      await m.query(`INSERT INTO core.auth_sessions (id, user_id, token_version, source, expires_at) VALUES ($1,$2,$3,$4, now())`, [
        sessionId, userId, u.token_version, source.slice(0, 100),
      ]);
      return { sessionId, tokenVersion: u.token_version, ...(await this.issueRefresh(m, sessionId)) };
    };
    return manager ? run(manager) : this.dataSource.transaction(run);
  }

  /** Spends a refresh token for a new one; a spent token again revokes its session (theft). */
  async rotate(refreshToken: string): Promise<RotationOutcome> {
    if (!/^rt_[A-Za-z0-9_-]{43}$/.test(refreshToken)) return { outcome: 'invalid' };
    const outcome = await this.dataSource.transaction(async (m): Promise<RotationOutcome> => {
      const [t]: Array<{ token_digest: string; session_id: string; used_at: Date | null; expires_at: Date; user_id: string; revoked_at: Date | null;
        session_tv: number; token_version: number; active: boolean }> = await m.query(
        `SELECT t.token_digest, t.session_id, t.used_at, t.expires_at, s.user_id, s.revoked_at, s.token_version AS session_tv, u.token_version, u.active
         FROM core.refresh_tokens t JOIN core.auth_sessions s ON s.id = t.session_id JOIN core.users u ON u.id = s.user_id
         WHERE t.token_digest = ANY($1) FOR UPDATE OF t, s`,
        [this.digests(refreshToken).map((d) => d.digest)],
      );
      if (!t) return { outcome: 'invalid' };
      if (t.used_at) {
        await this.revokeIn(m, t.session_id, 'refresh_token_reused');
        return { outcome: 'reused', userId: t.user_id, sessionId: t.session_id };
      }
      if (t.revoked_at || new Date(t.expires_at) <= new Date() || !t.active || t.token_version !== t.session_tv) return { outcome: 'invalid' };
      await m.query(`UPDATE core.refresh_tokens SET used_at = now() WHERE token_digest = $1`, [t.token_digest]);
      await m.query(`UPDATE core.auth_sessions SET refreshed_at = now() WHERE id = $1`, [t.session_id]);
      const next = await this.issueRefresh(m, t.session_id);
      return { outcome: 'rotated', userId: t.user_id, sessionId: t.session_id, tokenVersion: t.session_tv, ...next };
    });
    if (outcome.outcome === 'reused') this.forgetSession(outcome.sessionId);
    return outcome;
  }

  private async revokeIn(m: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const rows = await mutateReturning(m, `UPDATE core.auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [sessionId, reason]);
    return rows.length > 0;
  }

  /** Ends one session (logout): its access tokens stop working at once and its refresh token is dead. */
  async revoke(sessionId: string, reason: string): Promise<boolean> {
    const done = await this.dataSource.transaction((m) => this.revokeIn(m, sessionId, reason));
    this.forgetSession(sessionId);
    return done;
  }

  /** The session a refresh token belongs to (logout with an expired access token), or null. */
  async sessionOfRefresh(refreshToken: string): Promise<{ sessionId: string; userId: string } | null> {
    if (!/^rt_[A-Za-z0-9_-]{43}$/.test(refreshToken)) return null;
    const [r]: Array<{ session_id: string; user_id: string }> = await this.dataSource.query(
      `SELECT t.session_id, s.user_id FROM core.refresh_tokens t JOIN core.auth_sessions s ON s.id = t.session_id WHERE t.token_digest = ANY($1)`,
      [this.digests(refreshToken).map((d) => d.digest)],
    );
    return r ? { sessionId: r.session_id, userId: r.user_id } : null;
  }

  /** Ends every session of a user (password or role change, deactivation), in the caller's transaction. */
  async revokeAllOf(m: EntityManager, userId: string, reason: string): Promise<number> {
    const rows = await mutateReturning(m, `UPDATE core.auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId, reason]);
    return rows.length;
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
      const rows: SessionRow[] = /^[0-9a-f-]{36}$/i.test(claims.sid)
        ? await this.dataSource.query(
            `SELECT s.user_id, u.username, u.display_name, u.role, u.department_code, u.enterprise_id, u.active, u.token_version,
                    s.token_version AS session_tv, s.revoked_at, s.expires_at
             FROM core.auth_sessions s JOIN core.users u ON u.id = s.user_id WHERE s.id = $1`,
            [claims.sid],
          )
        : [];
      row = rows[0] ?? null;
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
