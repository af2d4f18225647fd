import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { DenialCounter } from '../audit/denial-counter';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { Principal } from './roles';
import { SessionService } from './sessions.service';
import { AttemptStore, MemoryAttemptStore, RedisAttemptStore } from './throttle/attempt-store';
import { LoginThrottle, throttlePolicy } from './throttle/login-throttle';
import { toPrincipal, UsersService } from './users.service';

/**
 * The answer to a login or a refresh. `accessToken` is a short-lived JWT (`expiresIn` seconds) sent as
 * `Authorization: Bearer`; `refreshToken` gets the next pair from `POST /auth/refresh` and is
 * spent by it (rotation).
 */
export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: Principal;
}

export const ATTEMPT_STORE = Symbol('ATTEMPT_STORE');

/** In-process counters in the embedded mode; Redis (shared by every process) in the full mode. */
export function createAttemptStore(config: AppConfig): AttemptStore {
  return config.queue.mode === 'bull' ? new RedisAttemptStore(config.queue.url, `${config.queue.prefix}:throttle`) : new MemoryAttemptStore();
}

@Injectable()
export class AuthService implements OnApplicationShutdown {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly denials: DenialCounter,
    private readonly sessions: SessionService,
    @Inject(ATTEMPT_STORE) private readonly store: AttemptStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const key = config.keys.sourceDigest.key;
    this.throttle = new LoginThrottle(store, throttlePolicy(config.loginRateLimit), (s) => createHmac('sha256', key).update(s).digest('hex').slice(0, 32));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }

  /**
   * Checks a username and password under the login throttle (per account and source, with
   * back-off); audits failures, locks and — aggregated per source and minute — throttled attempts.
   */
  async verifyCredentials(username: string, password: string, source: string) {
    try {
      await this.throttle.check(username, source);
    } catch (err) {
      if (err instanceof DomainError) this.denials.count('auth.login_rate_limited', source, username.slice(0, 64));
      throw err;
    }
    const user = await this.users.checkPassword(username, password);
    if (!user) {
      const locks = await this.throttle.failed(username, source);
      await this.audit.record({ actor: null, action: 'auth.login_failed', outcome: 'denied', details: { username, ip: source } });
      for (const lock of locks) {
        await this.audit.record({ actor: null, action: 'auth.login_locked', outcome: 'denied', details: { username, ip: source, ...lock } });
      }
      throw new DomainError('AUTH.INVALID_CREDENTIALS', '用户名或密码错误');
    }
    await this.throttle.succeeded(username, source);
    return user;
  }

  async login(username: string, password: string, source: string): Promise<LoginResult> {
    const user = await this.verifyCredentials(username, password, source);
    const principal = toPrincipal(user);
    const session = await this.sessions.open(user.id, source);
    await this.audit.record({ actor: principal, action: 'auth.login', targetType: 'user', targetId: user.id, details: { ip: source, sessionId: session.sessionId } });
    return this.issue(principal, session.sessionId, session.tokenVersion, session.refreshToken, session.refreshExpiresAt);
  }

  private async issue(p: Principal, sessionId: string, tokenVersion: number, refreshToken: string, refreshExpiresAt: Date): Promise<LoginResult> {
    const expiresIn = this.config.jwt.ttlSeconds;
    return {
      accessToken: await this.jwt.signAsync({ ...p, sid: sessionId, tv: tokenVersion }, { expiresIn, subject: p.id }),
      tokenType: 'Bearer',
      expiresIn,
      refreshToken,
      refreshExpiresIn: Math.max(0, Math.round((refreshExpiresAt.getTime() - Date.now()) / 1000)),
      user: p,
    };
  }

  /** A new access token and a new refresh token for a refresh token, which is spent. */
  async refresh(refreshToken: string, source: string): Promise<LoginResult> {
    const r = await this.sessions.rotate(refreshToken);
    if (r.outcome === 'reused') {
      await this.audit.record({ actor: { id: r.userId }, action: 'auth.refresh_reused', outcome: 'denied', targetType: 'session', targetId: r.sessionId,
        details: { ip: source, revoked: 'session' } });
      throw new DomainError('AUTH.REFRESH_REUSED', '刷新令牌已被使用过，为安全起见该登录会话已注销，请重新登录');
    }
    if (r.outcome === 'invalid') {
      this.denials.count('auth.refresh_rejected', source);
      throw new DomainError('AUTH.REFRESH_INVALID', '刷新令牌无效或已过期，请重新登录');
    }
    const user = await this.users.findById(r.userId);
    if (!user) throw new DomainError('AUTH.REFRESH_INVALID', '刷新令牌无效或已过期，请重新登录');
    return this.issue(toPrincipal(user), r.sessionId, r.tokenVersion, r.refreshToken, r.refreshExpiresAt);
  }

  /**
   * Ends the session of the access token (or of the refresh token, when the access token has
   * expired). Idempotent: an unknown or ended session is no error.
   */
  async logout(p: (Principal & { sessionId?: string }) | null, refreshToken: string | undefined, source: string): Promise<{ loggedOut: boolean }> {
    let target = p?.sessionId ? { sessionId: p.sessionId, userId: p.id } : null;
    if (!target && refreshToken) target = await this.sessions.sessionOfRefresh(refreshToken);
    if (!target) return { loggedOut: false };
    const ended = await this.sessions.revoke(target.sessionId, 'logout');
    if (ended) {
      await this.audit.record({ actor: p ?? { id: target.userId }, action: 'auth.logout', targetType: 'session', targetId: target.sessionId, details: { ip: source } });
    }
    return { loggedOut: true };
  }

  /** Changes the caller's password: every session ends, and a new one is opened for the caller. */
  async changePassword(p: Principal, current: string, next: string, source: string): Promise<LoginResult> {
    if (current === next) throw new DomainError('USER.PASSWORD_UNCHANGED', '新密码不能与原密码相同');
    // The current password is checked under the login throttle: a stolen access token cannot guess it here.
    const user = await this.verifyCredentials(p.username, current, source).catch((err: unknown) => {
      if (err instanceof DomainError && err.code === 'AUTH.INVALID_CREDENTIALS') throw new DomainError('USER.PASSWORD_MISMATCH', '原密码不正确');
      throw err;
    });
    if (user.id !== p.id) throw new DomainError('USER.PASSWORD_MISMATCH', '原密码不正确');
    await this.users.setPassword(p, next);
    const session = await this.sessions.open(p.id, source);
    const fresh = (await this.users.findById(p.id))!;
    return this.issue(toPrincipal(fresh), session.sessionId, session.tokenVersion, session.refreshToken, session.refreshExpiresAt);
  }
}
