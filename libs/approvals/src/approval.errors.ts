import { registerErrorStatus } from '@app/core';

/**
 * Codes whose status does not follow from the suffix. Everything else: `.NOT_FOUND` 404,
 * `.INVALID_STATE`/`.DUPLICATE`/`.CONFLICT` 409, `.INVALID*` 400, business refusals 422.
 */
registerErrorStatus('APPROVAL.POOL_EXHAUSTED', 409);
registerErrorStatus('APPLICATION.EXCLUSION_CONFLICT', 409);
registerErrorStatus('MATERIAL.TYPE_NOT_ALLOWED', 415);

/** Postgres unique violation → the constraint name (TypeORM wraps pg and PGlite errors differently). */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; message?: string; driverError?: { code?: string; constraint?: string; message?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const message = e?.message ?? e?.driverError?.message ?? '';
  if (code !== '23505' && !/duplicate key value/.test(message)) return null;
  return e?.constraint ?? e?.driverError?.constraint ?? /constraint "([^"]+)"/.exec(message)?.[1] ?? 'unknown';
}
