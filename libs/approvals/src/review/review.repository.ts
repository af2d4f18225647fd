import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ApplicationRow } from '../application/application.types';

export interface QueueFilter {
  state: string;
  /** null: every department (admin). */
  departmentCode: string | null;
  itemId?: string;
  flagged?: boolean;
}

export interface CandidateFilter {
  itemId: string;
  ids?: string[];
  minAmountFen?: number;
  maxAmountFen?: number;
}

/** PostgreSQL reads and writes of the review desk: the queue, batch candidates and batch records (approval.review_batches). */
@Injectable()
export class ReviewRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** One page of the queue, oldest first, with the count, the amount and how many rest on facts changed by hand. */
  async queue(f: QueueFilter, page: number, pageSize: number): Promise<{ rows: ApplicationRow[]; total: number; amountFen: number; flagged: number }> {
    const where = [`state = $1`];
    const params: unknown[] = [f.state];
    if (f.departmentCode !== null) where.push(`department_code = $${params.push(f.departmentCode)}`);
    if (f.itemId) where.push(`item_id = $${params.push(f.itemId)}`);
    if (f.flagged !== undefined) where.push(f.flagged ? `manual_changes IS NOT NULL` : `manual_changes IS NULL`);
    const clause = where.join(' AND ');
    const [{ total, amount, flagged }] = await this.dataSource.query(
      `SELECT count(*)::int AS total, coalesce(sum(amount_fen), 0)::bigint AS amount, count(*) FILTER (WHERE manual_changes IS NOT NULL)::int AS flagged
       FROM approval.applications WHERE ${clause}`, params);
    const rows: ApplicationRow[] = await this.dataSource.query(
      `SELECT * FROM approval.applications WHERE ${clause} ORDER BY created_at, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total, amountFen: Number(amount), flagged };
  }

  /** The department owning an item's applications, or null when it has none yet. */
  async itemDepartment(m: EntityManager, itemId: string): Promise<string | null> {
    const [owner]: Array<{ department_code: string }> = await m.query(`SELECT department_code FROM approval.applications WHERE item_id = $1 LIMIT 1`, [itemId]);
    return owner?.department_code ?? null;
  }

  /** Pre-qualified applications of the item the filter selects. */
  candidates(m: EntityManager, f: CandidateFilter): Promise<Array<{ id: string; item_version_id: string }>> {
    const where = [`item_id = $1`, `state = 'pre_qualified'`];
    const params: unknown[] = [f.itemId];
    if (f.ids) where.push(`id = ANY($${params.push(f.ids)}::uuid[])`);
    if (f.minAmountFen !== undefined) where.push(`amount_fen >= $${params.push(f.minAmountFen)}`);
    if (f.maxAmountFen !== undefined) where.push(`amount_fen <= $${params.push(f.maxAmountFen)}`);
    return m.query(`SELECT id, item_version_id FROM approval.applications WHERE ${where.join(' AND ')}`, params);
  }

  async insertBatch(m: EntityManager, b: { id: string; itemId: string; departmentCode: string; reviewerId: string; approved: number; amountFen: number; filter: unknown; sample: string[] }): Promise<void> {
    await m.query(
      `INSERT INTO approval.review_batches (id, item_id, department_code, reviewer_id, approved, amount_fen, filter, sample) VALUES ($1,$2,$3,$4,$5,$6,$7::jsonb,$8::uuid[])`,
      [b.id, b.itemId, b.departmentCode, b.reviewerId, b.approved, b.amountFen, JSON.stringify(b.filter), b.sample],
    );
  }

  byIds(m: EntityManager, ids: string[]): Promise<ApplicationRow[]> {
    return m.query(`SELECT * FROM approval.applications WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
