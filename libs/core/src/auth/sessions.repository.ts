import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '../database/sql';
import type { Role } from './roles';

/** A session as a request sees it: the session and its user, now. */
export interface SessionRow {
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

/** A refresh token with its session and user, as rotation sees it. */
export interface RefreshTokenRow {
  token_digest: string;
  session_id: string;
  used_at: Date | null;
  expires_at: Date;
  user_id: string;
  revoked_at: Date | null;
  session_tv: number;
  token_version: number;
  active: boolean;
}

/**
 * Every SQL statement of login sessions (core.auth_sessions, core.refresh_tokens): which token is
 * valid, stolen or spent, and what a request may do, is SessionService's, unit-tested without a
 * database. Refresh tokens are looked up by their digests only; the token itself never reaches SQL.
 */
@Injectable()
export class SessionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The user's current token version, or null when there is no such user. */
  async tokenVersionOf(m: EntityManager, userId: string): Promise<number | null> {
    const [u]: Array<{ token_version: number }> = await m.query(`SELECT token_version FROM core.users WHERE id = $1`, [userId]);
    return u ? u.token_version : null;
  }

  async insertSession(m: EntityManager, s: { id: string; userId: string; tokenVersion: number; source: string }): Promise<void> {
    await m.query(`INSERT INTO core.auth_sessions (id, user_id, token_version, source, expires_at) VALUES ($1,$2,$3,$4, now())`, [
      s.id, s.userId, s.tokenVersion, s.source,
    ]);
  }

  /** Stores a new refresh token of the session and extends the session to its expiry. */
  async addRefreshToken(m: EntityManager, t: { digest: string; keyId: string; sessionId: string; expiresAt: Date }): Promise<void> {
    await m.query(`INSERT INTO core.refresh_tokens (token_digest, key_id, session_id, expires_at) VALUES ($1,$2,$3,$4)`, [t.digest, t.keyId, t.sessionId, t.expiresAt]);
    await m.query(`UPDATE core.auth_sessions SET expires_at = $2 WHERE id = $1`, [t.sessionId, t.expiresAt]);
  }

  /** The refresh token with one of these digests, its session and token locked; null when none. */
  async lockRefreshToken(m: EntityManager, digests: string[]): Promise<RefreshTokenRow | null> {
    const [t]: RefreshTokenRow[] = await m.query(
      `SELECT t.token_digest, t.session_id, t.used_at, t.expires_at, s.user_id, s.revoked_at, s.token_version AS session_tv, u.token_version, u.active
       FROM core.refresh_tokens t JOIN core.auth_sessions s ON s.id = t.session_id JOIN core.users u ON u.id = s.user_id
       WHERE t.token_digest = ANY($1) FOR UPDATE OF t, s`,
      [digests],
    );
    return t ?? null;
  }

  /** Marks the refresh token spent and the session refreshed. */
  async spendRefreshToken(m: EntityManager, digest: string, sessionId: string): Promise<void> {
    await m.query(`UPDATE core.refresh_tokens SET used_at = now() WHERE token_digest = $1`, [digest]);
    await m.query(`UPDATE core.auth_sessions SET refreshed_at = now() WHERE id = $1`, [sessionId]);
  }

  /** Revokes the session unless it already is; whether this call revoked it. */
  async revokeSession(m: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const rows = await mutateReturning(m, `UPDATE core.auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`, [sessionId, reason]);
    return rows.length > 0;
  }

  /** Revokes every live session of the user; how many. */
  async revokeSessionsOf(m: EntityManager, userId: string, reason: string): Promise<number> {
    const rows = await mutateReturning(m, `UPDATE core.auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [userId, reason]);
    return rows.length;
  }

  /** The session and user of the refresh token with one of these digests, spent or not; null when none. */
  async sessionOfRefresh(digests: string[]): Promise<{ sessionId: string; userId: string } | null> {
    const [r]: Array<{ session_id: string; user_id: string }> = await this.dataSource.query(
      `SELECT t.session_id, s.user_id FROM core.refresh_tokens t JOIN core.auth_sessions s ON s.id = t.session_id WHERE t.token_digest = ANY($1)`,
      [digests],
    );
    return r ? { sessionId: r.session_id, userId: r.user_id } : null;
  }

  /** The session with its user as they are now (`sessionId` must be a uuid); null when none. */
  async session(sessionId: string): Promise<SessionRow | null> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT s.user_id, u.username, u.display_name, u.role, u.department_code, u.enterprise_id, u.active, u.token_version,
              s.token_version AS session_tv, s.revoked_at, s.expires_at
       FROM core.auth_sessions s JOIN core.users u ON u.id = s.user_id WHERE s.id = $1`,
      [sessionId],
    );
    return rows[0] ?? null;
  }
}
