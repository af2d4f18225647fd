import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, Observable, throwError } from 'rxjs';
import { AuditService, DenialCounter, DomainErrorFilter, Principal } from '@app/core';

/** The code the client gets (validation failures included), from the one filter that maps errors. */
const codeOf = (err: unknown) => new DomainErrorFilter().toBody(err)[1].code;

/**
 * Every refused objection (and contact-code request) is audited — whatever refused it: validation,
 * an unverified contact, a wrong code, an entry not on the list. Refusals for rate are counted per
 * source and minute instead (DenialCounter), so a flood cannot grow the audit log without bound.
 * Accepted objections are audited by ObjectionService in the transaction that stores them.
 */
@Injectable()
export class ObjectionAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditService,
    private readonly denials: DenialCounter,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const step = ctx.getHandler().name;
    return next.handle().pipe(
      catchError((err: unknown) => {
        const code = codeOf(err);
        const source = req.ip ?? 'unknown';
        if (code === 'OBJECTION.RATE_LIMITED') {
          this.denials.count(`objection.rate_limited`, source, step);
        } else {
          const body = (req.body ?? {}) as { applicationId?: unknown; category?: unknown };
          const u = req.user;
          this.audit.recordQuietly({
            actor: u ? { id: u.id, username: u.username, role: u.role } : null,
            action: 'objection.refused',
            outcome: 'denied',
            targetType: 'disclosure_round',
            targetId: String(req.params.roundId ?? '').slice(0, 64),
            details: { step, code, ip: source, applicationId: typeof body.applicationId === 'string' ? body.applicationId.slice(0, 64) : null },
          });
        }
        return throwError(() => err);
      }),
    );
  }
}
