import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an UPDATE/DELETE … RETURNING and gives back the returned rows. TypeORM's postgres driver
 * answers UPDATE and DELETE with `[rows, affectedCount]` but other statements with `rows`; this is
 * the one place that knows it.
 */
export async function mutateReturning<T = Record<string, unknown>>(
  m: EntityManager | DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const r: unknown = await m.query(sql, params);
  if (Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number') return r[0] as T[];
  return r as T[];
}

/** PostgreSQL unique violation → the constraint name, else null (TypeORM wraps pg and PGlite errors differently). */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: string; constraint?: string; message?: string; driverError?: { code?: string; constraint?: string; message?: string } };
  const code = e?.code ?? e?.driverError?.code;
  const message = e?.message ?? e?.driverError?.message ?? '';
  if (code !== '23505' && !/duplicate key value/.test(message)) return null;
  return e?.constraint ?? e?.driverError?.constraint ?? /constraint "([^"]+)"/.exec(message)?.[1] ?? 'unknown';
}
