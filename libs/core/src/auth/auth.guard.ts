import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { DenialCounter } from '../audit/denial-counter';
import { DomainError } from '../errors/domain-error';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { Principal, Role } from './roles';
import { AccessClaims, SessionService } from './sessions.service';

/** The caller on the request: the principal as the database knows it, and the session of the token. */
export type AuthenticatedRequest = Request & { user?: Principal; sessionId?: string };

function claimsOf(payload: unknown): AccessClaims | null {
  const c = payload as Partial<AccessClaims> | null;
  if (!c || typeof c.sub !== 'string' || typeof c.sid !== 'string' || typeof c.tv !== 'number' || typeof c.exp !== 'number') return null;
  return { sub: c.sub, sid: c.sid, tv: c.tv, exp: c.exp };
}

/**
 * One global guard: verifies the bearer JWT (unless @Public) and then @Roles. A token must carry
 * `exp` and a session; the session is checked in the database (SessionService), and role and scope
 * come from there, never from the token's claims. Refusals of callers nobody is accountable for
 * (no token, a bad or revoked one) are counted per source and minute; a role refusal is audited.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly denials: DenialCounter,
    private readonly sessions: SessionService,
  ) {}

  private async authenticate(token: string, req: AuthenticatedRequest): Promise<boolean> {
    let claims: AccessClaims | null;
    try {
      claims = claimsOf(await this.jwt.verifyAsync(token));
    } catch {
      claims = null;
    }
    if (!claims) return false;
    const principal = await this.sessions.principal(claims);
    if (!principal) return false;
    req.user = principal;
    req.sessionId = claims.sid;
    return true;
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token && !(await this.authenticate(token, req)) && !isPublic) {
      this.denials.count('auth.token_rejected', req.ip ?? 'unknown', `${req.method} ${req.path}`);
      throw new DomainError('AUTH.UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    if (isPublic) return true;
    if (!req.user) {
      this.denials.count('auth.unauthenticated', req.ip ?? 'unknown', `${req.method} ${req.path}`);
      throw new DomainError('AUTH.UNAUTHENTICATED', '请先登录');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && req.user.role !== 'admin' && !roles.includes(req.user.role)) {
      const u = req.user;
      this.audit.recordQuietly({
        actor: { id: u.id, username: u.username, role: u.role },
        action: 'auth.role_denied',
        outcome: 'denied',
        details: { method: req.method, path: req.originalUrl ?? req.url, ip: req.ip },
      });
      throw new DomainError('AUTH.FORBIDDEN', '当前角色无权执行此操作', { required: roles });
    }
    return true;
  }
}
