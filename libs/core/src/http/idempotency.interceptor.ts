import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, StreamableFile } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { catchError, from, Observable, of, mergeMap, throwError } from 'rxjs';
import { canonicalJson } from '../audit/audit.hash';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { DomainError } from '../errors/domain-error';
import { IdempotencyStore, IdempotentRequest } from './idempotency.store';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const NO_IDEMPOTENCY = 'http:no-idempotency';

/**
 * Routes whose answers must never be stored (login, refresh, password change: they carry tokens).
 * The header is ignored there; those operations are safe to repeat or single-use by themselves.
 */
export const WithoutIdempotency = () => SetMetadata(NO_IDEMPOTENCY, true);
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/**
 * `Idempotency-Key` on every state-changing request (POST, PUT, PATCH, DELETE), app-wide: the key,
 * the caller, the route and a digest of the body are stored with the response. The same request
 * again gets the stored response (header `Idempotent-Replayed: true`) and changes nothing; the same
 * key with another route or body is refused (422 `IDEMPOTENCY.KEY_REUSED`); concurrent requests
 * with one key run once — the others wait for its response, or get 409 `IDEMPOTENCY.IN_PROGRESS`.
 * Requests without the header are not affected.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const header = req.headers['idempotency-key'];
    if (!STATE_CHANGING.has(req.method) || header === undefined) return next.handle();
    if (this.reflector.getAllAndOverride<boolean>(NO_IDEMPOTENCY, [ctx.getHandler(), ctx.getClass()])) return next.handle();
    const key = Array.isArray(header) ? '' : header;
    if (!KEY_PATTERN.test(key)) throw new DomainError('IDEMPOTENCY.KEY_INVALID', '幂等键应为 1–255 个可见 ASCII 字符');
    if (/^multipart\//i.test(req.headers['content-type'] ?? '')) {
      // The file is parsed after this point, so its digest is unknown here: refuse rather than replay a different upload.
      throw new DomainError('IDEMPOTENCY.NOT_SUPPORTED', '文件上传接口不支持幂等键');
    }
    const r: IdempotentRequest = {
      scope: req.user ? `user:${req.user.id}` : `anon:${req.ip ?? 'unknown'}`,
      key,
      method: req.method,
      path: req.originalUrl ?? req.url,
      bodyDigest: createHash('sha256').update(canonicalJson(req.body ?? null)).digest('hex'),
    };
    return from(this.store.claim(r)).pipe(
      mergeMap((claim) => {
        if (claim.kind === 'replay') {
          res.status(claim.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(claim.body);
        }
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            if (res.headersSent || body instanceof StreamableFile || Buffer.isBuffer(body)) await this.store.release(r);
            else await this.store.complete(r, res.statusCode, body);
            return body;
          }),
          catchError((err: unknown) => from(this.store.release(r)).pipe(mergeMap(() => throwError(() => err)))),
        );
      }),
    );
  }
}
