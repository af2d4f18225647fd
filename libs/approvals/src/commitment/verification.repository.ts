import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';

export type VerificationStatus = 'pending' | 'passed' | 'failed';

export interface VerificationRow {
  id: string; application_id: string; enterprise_name: string; item_name: string; department_code: string; amount_fen: number; status: VerificationStatus;
  due_on: string; created_at: Date; decided_at: Date | null; comment: string | null; clawback_id: string | null;
}

export interface CreditRecordRow { id: string; enterprise_id: string; application_id: string | null; kind: 'commitment_breach'; reason: string; created_at: Date }

const SELECT = `SELECT v.id, v.application_id, a.enterprise_name, a.item_name, v.department_code, a.reserved_fen AS amount_fen, v.status, v.due_on::text AS due_on,
  v.created_at, v.decided_at, v.comment, v.clawback_id FROM approval.verifications v JOIN approval.applications a ON a.id = v.application_id`;

/** PostgreSQL access for 承诺兑现 verification tasks (approval.verifications) and the credit records they write (approval.credit_records). */
@Injectable()
export class VerificationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The task of an application, once: false when it already has one. */
  async insertOnce(m: EntityManager, t: { id: string; applicationId: string; enterpriseId: string; itemId: string; departmentCode: string; dueOn: string; createdAt: Date }): Promise<boolean> {
    const inserted: unknown[] = await m.query(
      `INSERT INTO approval.verifications (id, application_id, enterprise_id, item_id, department_code, due_on, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)
       ON CONFLICT (application_id) DO NOTHING RETURNING id`,
      [t.id, t.applicationId, t.enterpriseId, t.itemId, t.departmentCode, t.dueOn, t.createdAt]);
    return inserted.length > 0;
  }

  /** Pending first, then by due date. */
  async page(f: { departmentCode?: string | null; status?: VerificationStatus }, page: number, pageSize: number): Promise<{ rows: VerificationRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (f.departmentCode !== undefined) where.push(`v.department_code = $${params.push(f.departmentCode)}`);
    if (f.status) where.push(`v.status = $${params.push(f.status)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.verifications v ${clause}`, params);
    const rows: VerificationRow[] = await this.dataSource.query(
      `${SELECT} ${clause} ORDER BY v.status = 'pending' DESC, v.due_on, v.id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return { rows, total };
  }

  async applicationOf(m: EntityManager, id: string): Promise<string | null> {
    const [task]: Array<{ application_id: string }> = await m.query(`SELECT application_id FROM approval.verifications WHERE id = $1`, [id]);
    return task?.application_id ?? null;
  }

  /** Records the conclusion of a pending task; false when it already had one. */
  async decide(m: EntityManager, id: string, d: { status: 'passed' | 'failed'; by: string; at: Date; comment: string }): Promise<boolean> {
    const decided = await mutateReturning(m,
      `UPDATE approval.verifications SET status = $2, decided_by = $3, decided_at = $4, comment = $5 WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, d.status, d.by, d.at, d.comment]);
    return decided.length > 0;
  }

  async linkClawback(m: EntityManager, id: string, clawbackId: string): Promise<void> {
    await m.query(`UPDATE approval.verifications SET clawback_id = $2 WHERE id = $1`, [id, clawbackId]);
  }

  async insertCreditRecord(m: EntityManager, r: { id: string; enterpriseId: string; applicationId: string; reason: string; createdBy: string; createdAt: Date }): Promise<void> {
    await m.query(
      `INSERT INTO approval.credit_records (id, enterprise_id, application_id, kind, reason, created_by, created_at) VALUES ($1,$2,$3,'commitment_breach',$4,$5,$6)`,
      [r.id, r.enterpriseId, r.applicationId, r.reason, r.createdBy, r.createdAt]);
  }

  async view(m: EntityManager, id: string): Promise<VerificationRow> {
    const [row]: VerificationRow[] = await m.query(`${SELECT} WHERE v.id = $1`, [id]);
    return row;
  }

  /** Newest first; of one firm, or all. */
  async creditRecords(enterpriseId: string | null | undefined, page: number, pageSize: number): Promise<{ rows: CreditRecordRow[]; total: number }> {
    const params: unknown[] = [];
    const clause = enterpriseId ? `WHERE enterprise_id = $${params.push(enterpriseId)}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM approval.credit_records ${clause}`, params);
    const rows: CreditRecordRow[] = await this.dataSource.query(
      `SELECT * FROM approval.credit_records ${clause} ORDER BY created_at DESC, id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize]);
    return { rows, total };
  }
}
