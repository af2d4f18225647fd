import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
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

/** A value in COPY's text format: backslash, tab, newline and carriage return escaped (null: `\N`). */
export function copyText(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
}

/** A connection that takes the rows of a `COPY … FROM STDIN` as one text (the embedded PGlite front). */
interface TextCopyConnection {
  copyFromText(sql: string, text: string): Promise<void>;
}

/**
 * Bulk insert with COPY … FROM STDIN in the caller's transaction: `lines` are rows in COPY's text
 * format, each ending with a newline (see `copyText`). PostgreSQL streams them through the
 * transaction's connection (pg-copy-streams); embedded PGlite reads them as one blob. The server
 * inserts in multi-row batches without parsing parameter arrays — the cheapest way to write
 * thousands of rows. Fails as a whole (e.g. on a duplicate key).
 */
export async function copyRowsInto(m: EntityManager, table: string, columns: readonly string[], lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return;
  const connection = (m.queryRunner as unknown as { databaseConnection?: unknown } | undefined)?.databaseConnection;
  if (!connection) throw new Error('COPY needs the transaction connection');
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  if (typeof (connection as Partial<TextCopyConnection>).copyFromText === 'function') {
    await (connection as TextCopyConnection).copyFromText(sql, lines.join(''));
    return;
  }
  const chunks: string[] = [];
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length > 65_536) {
      chunks.push(chunk);
      chunk = '';
    }
  }
  if (chunk) chunks.push(chunk);
  await pipeline(Readable.from(chunks), (connection as PoolClient).query(copyFrom(sql)));
}
