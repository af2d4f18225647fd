import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { ScopeDeniedError } from '../auth/scope';
import type { Principal } from '../auth/roles';
import { maskSensitiveText } from '../crypto/masking';
import { DomainError, statusOf } from './domain-error';

interface ErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

const HTTP_CODES: Record<number, [string, string]> = {
  400: ['VALIDATION.FAILED', '请求参数不合法'],
  401: ['AUTH.UNAUTHENTICATED', '请先登录'],
  403: ['AUTH.FORBIDDEN', '无权执行此操作'],
  404: ['HTTP.NOT_FOUND', '资源不存在'],
  413: ['HTTP.PAYLOAD_TOO_LARGE', '请求内容过大'],
  429: ['AUTH.RATE_LIMITED', '请求过于频繁，请稍后再试'],
};

/** Maps every error to `{code, message, details}` with the right status; never leaks internals. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly audit?: AuditService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (exception instanceof ScopeDeniedError && this.audit) {
      const req = http.getRequest<Request & { user?: Principal }>();
      const u = req.user;
      this.audit.recordQuietly({
        actor: u ? { id: u.id, username: u.username, role: u.role } : null,
        action: 'auth.scope_denied',
        outcome: 'denied',
        details: { method: req.method, path: req.originalUrl, code: exception.code },
      });
    }
    const [status, body] = this.toBody(exception);
    if (status >= 500) this.logger.error(maskSensitiveText(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)));
    // A route may have set another content type (an HTML page, a CSV file); an error is always JSON.
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.status(status).json(body);
  }

  toBody(exception: unknown): [number, ErrorBody] {
    if (exception instanceof DomainError) {
      return [statusOf(exception.code), { code: exception.code, message: exception.message, details: exception.details }];
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const [code, message] = HTTP_CODES[status] ?? [`HTTP.${status}`, exception.message];
      const response = exception.getResponse();
      const details =
        typeof response === 'object' && response !== null && 'message' in response && status === 400
          ? { errors: (response as { message: unknown }).message }
          : undefined;
      return [status, { code, message, details }];
    }
    if (isDataException(exception)) {
      // A value the database cannot take (a day that does not exist, a number out of range, a NUL):
      // the input was wrong, and the failed statement changed nothing. Inputs are checked before
      // this point; this keeps one that slipped through a 400 instead of a 500.
      return [400, { code: 'VALIDATION.INVALID_VALUE', message: '请求中的取值格式或范围不正确' }];
    }
    return [500, { code: 'INTERNAL', message: '服务器内部错误' }];
  }
}

/** PostgreSQL SQLSTATE class 22 (data exception): invalid date, numeric out of range, bad text. */
function isDataException(exception: unknown): boolean {
  if (!(exception instanceof QueryFailedError)) return false;
  const code = (exception.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('22');
}
