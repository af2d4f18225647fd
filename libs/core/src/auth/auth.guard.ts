import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../errors/domain-error';
import { IS_PUBLIC, ROLES_KEY } from './auth.decorators';
import type { Principal, Role } from './roles';

/**
 * One global guard: verifies the bearer JWT (unless @Public) and then @Roles. Every refusal is
 * written to the audit log as `denied`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets);
    const token = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (token) {
      try {
        req.user = await this.jwt.verifyAsync<Principal>(token);
      } catch {
        if (!isPublic) {
          this.deny(req, null, 'auth.token_rejected');
          throw new DomainError('AUTH.UNAUTHENTICATED', '登录已失效，请重新登录');
        }
      }
    }
    if (isPublic) return true;
    if (!req.user) {
      this.deny(req, null, 'auth.unauthenticated');
      throw new DomainError('AUTH.UNAUTHENTICATED', '请先登录');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && req.user.role !== 'admin' && !roles.includes(req.user.role)) {
      this.deny(req, req.user, 'auth.role_denied');
      throw new DomainError('AUTH.FORBIDDEN', '当前角色无权执行此操作', { required: roles });
    }
    return true;
  }

  private deny(req: Request, user: Principal | null, action: string): void {
    this.audit.recordQuietly({
      actor: user ? { id: user.id, username: user.username, role: user.role } : null,
      action,
      outcome: 'denied',
      details: { method: req.method, path: req.originalUrl ?? req.url, ip: req.ip },
    });
  }
}
