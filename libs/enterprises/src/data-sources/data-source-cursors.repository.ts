import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { uuid7 } from '@app/core';

export interface CursorRow {
  source: string;
  cursor: string | null;
  applied: string;
  rejected: string;
  last_pulled_at: Date | null;
  last_error: string | null;
}

/** A refused record of a page, as the rejection list keeps it. */
export interface RejectionInput {
  recordId: string;
  creditCode: string | null;
  code: string;
  message: string;
  details: Record<string, unknown> | null;
}

/** A refused record as the API lists it (fetchedAt in ISO 8601). */
export interface RejectionView extends RejectionInput {
  id: string;
  source: string;
  fetchedAt: string;
}

/**
 * The data sources' bookkeeping (`enterprise.data_source_cursors`, `enterprise.data_source_rejections`):
 * where each source's pull stands, its counts and last error, and the records it refused. Methods
 * taking an EntityManager run in the caller's page transaction.
 */
@Injectable()
export class DataSourceCursorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  allCursors(): Promise<CursorRow[]> {
    return this.dataSource.query(`SELECT source, cursor, applied, rejected, last_pulled_at, last_error FROM enterprise.data_source_cursors`);
  }

  async cursorOf(code: string): Promise<string | null> {
    const rows: Array<{ cursor: string | null }> = await this.dataSource.query(`SELECT cursor FROM enterprise.data_source_cursors WHERE source = $1`, [code]);
    return rows[0]?.cursor ?? null;
  }

  async notePulled(code: string, cursor: string | null): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO enterprise.data_source_cursors (source, cursor, last_pulled_at) VALUES ($1, $2, now())
       ON CONFLICT (source) DO UPDATE SET last_pulled_at = now(), last_error = NULL, updated_at = now()`, [code, cursor]);
  }

  async noteError(code: string, message: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO enterprise.data_source_cursors (source, last_error) VALUES ($1, $2)
       ON CONFLICT (source) DO UPDATE SET last_error = $2, updated_at = now()`, [code, message.slice(0, 500)]);
  }

  async rejectionsPage(code: string | undefined, page: number, pageSize: number): Promise<{ items: RejectionView[]; total: number }> {
    const where = code ? 'WHERE source = $3' : '';
    const params: unknown[] = [pageSize, (page - 1) * pageSize, ...(code ? [code] : [])];
    const rows: Array<Omit<RejectionView, 'fetchedAt'> & { fetchedAt: Date }> = await this.dataSource.query(
      `SELECT id, source, record_id AS "recordId", credit_code AS "creditCode", code, message, details, fetched_at AS "fetchedAt"
       FROM enterprise.data_source_rejections ${where} ORDER BY created_at DESC, id LIMIT $1 OFFSET $2`, params);
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.data_source_rejections ${code ? 'WHERE source = $1' : ''}`, code ? [code] : []);
    return { items: rows.map((r) => ({ ...r, fetchedAt: r.fetchedAt.toISOString() })), total };
  }

  /** Locks the source's cursor row for the page's transaction (created on first use) and answers where it stands. */
  async lockCursor(m: EntityManager, code: string): Promise<string | null> {
    await m.query(`INSERT INTO enterprise.data_source_cursors (source) VALUES ($1) ON CONFLICT (source) DO NOTHING`, [code]);
    const [held]: Array<{ cursor: string | null }> = await m.query(`SELECT cursor FROM enterprise.data_source_cursors WHERE source = $1 FOR UPDATE`, [code]);
    return held?.cursor ?? null;
  }

  async recordRejections(m: EntityManager, code: string, fetchedAt: Date, rejections: RejectionInput[]): Promise<void> {
    if (rejections.length === 0) return;
    await m.query(
      `INSERT INTO enterprise.data_source_rejections (id, source, record_id, credit_code, code, message, details, fetched_at)
       SELECT u.id, $1, u.rid, u.cc, u.code, u.msg, u.det::jsonb, $2 FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS u(id, rid, cc, code, msg, det)`,
      [
        code, fetchedAt.toISOString(), rejections.map(() => uuid7()), rejections.map((r) => r.recordId), rejections.map((r) => r.creditCode),
        rejections.map((r) => r.code), rejections.map((r) => r.message), rejections.map((r) => (r.details ? JSON.stringify(r.details) : null)),
      ],
    );
  }

  /** Moves the cursor past a written page, with its counts, in the page's transaction. */
  async advance(m: EntityManager, code: string, nextCursor: string | null, applied: number, rejected: number, fetchedAt: Date): Promise<void> {
    await m.query(
      `UPDATE enterprise.data_source_cursors SET cursor = $2, applied = applied + $3, rejected = rejected + $4, last_pulled_at = $5, last_error = NULL, updated_at = now() WHERE source = $1`,
      [code, nextCursor, applied, rejected, fetchedAt.toISOString()],
    );
  }
}
