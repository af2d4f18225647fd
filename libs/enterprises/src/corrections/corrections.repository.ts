import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uniqueViolation } from '@app/core';
import { CorrectionRow, CorrectionState } from './correction.types';

export interface NewCorrection {
  id: string;
  enterpriseId: string;
  fact: string;
  currentValue: unknown;
  claimedValue: unknown;
  evidence: string;
  source: string;
  sourceRecordId: string | null;
  department: string;
  createdBy: string;
}

/** Who may see which requests, as the list's condition: a firm its own, a department those routed to it, or all. */
export type CorrectionScope = { enterpriseId: string } | { department: string } | 'all';

export interface CorrectionDecision {
  state: 'accepted' | 'rejected';
  correctedValue: unknown;
  resolution: string;
  resolvedBy: string;
  resultVersion: number | null;
}

/** Every SQL statement of 数据异议 (enterprise.data_corrections); the decisions are CorrectionsService's. */
@Injectable()
export class CorrectionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts a request; false when the firm already has an open one on the fact (nothing written). */
  async insert(m: EntityManager, c: NewCorrection): Promise<boolean> {
    try {
      await m.query(
        `INSERT INTO enterprise.data_corrections (id, enterprise_id, fact, current_value, claimed_value, evidence, source, source_record_id, department, created_by)
         VALUES ($1,$2,$3,$4::jsonb,$5::jsonb,$6,$7,$8,$9,$10)`,
        [c.id, c.enterpriseId, c.fact, JSON.stringify(c.currentValue ?? null), JSON.stringify(c.claimedValue ?? null), c.evidence, c.source, c.sourceRecordId, c.department, c.createdBy],
      );
      return true;
    } catch (err) {
      if (uniqueViolation(err) === 'UQ_data_corrections_open') return false;
      throw err;
    }
  }

  /** Sets the evidence file of a pending request; false when it is no longer pending. */
  async attach(m: EntityManager, id: string, file: { key: string; name: string; contentType: string }): Promise<boolean> {
    const done = await mutateReturning(m,
      `UPDATE enterprise.data_corrections SET attachment_key = $2, attachment_name = $3, attachment_type = $4 WHERE id = $1 AND state = 'pending' RETURNING id`,
      [id, file.key, file.name, file.contentType]);
    return done.length > 0;
  }

  /** One page of the requests in scope (optionally of one state), newest first, with the firms' names and the total. */
  async list(scope: CorrectionScope, state: CorrectionState | undefined, page: number, pageSize: number): Promise<{ rows: CorrectionRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (scope !== 'all' && 'enterpriseId' in scope) where.push(`c.enterprise_id = $${params.push(scope.enterpriseId)}`);
    else if (scope !== 'all') where.push(`c.department = $${params.push(scope.department)}`);
    if (state) where.push(`c.state = $${params.push(state)}`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM enterprise.data_corrections c ${clause}`, params);
    const rows: CorrectionRow[] = await this.dataSource.query(
      `SELECT c.*, e.name AS enterprise_name FROM enterprise.data_corrections c JOIN enterprise.enterprises e ON e.id = c.enterprise_id ${clause}
       ORDER BY c.created_at DESC, c.id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total };
  }

  /** Locks a request still pending; null when it is decided (or absent). */
  async lockPending(m: EntityManager, id: string): Promise<CorrectionRow | null> {
    const locked = await mutateReturning<CorrectionRow>(m, `SELECT * FROM enterprise.data_corrections WHERE id = $1 AND state = 'pending' FOR UPDATE`, [id]);
    return locked[0] ?? null;
  }

  async decide(m: EntityManager, id: string, d: CorrectionDecision): Promise<void> {
    await m.query(
      `UPDATE enterprise.data_corrections SET state = $2, corrected_value = $3::jsonb, resolution = $4, resolved_by = $5, resolved_at = now(), result_version = $6 WHERE id = $1`,
      [id, d.state, JSON.stringify(d.correctedValue), d.resolution, d.resolvedBy, d.resultVersion],
    );
  }

  /** One request with its firm's name; null when there is none (or the id is malformed). */
  async find(id: string, m: EntityManager | DataSource = this.dataSource): Promise<CorrectionRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows: CorrectionRow[] = await m.query(
      `SELECT c.*, e.name AS enterprise_name FROM enterprise.data_corrections c JOIN enterprise.enterprises e ON e.id = c.enterprise_id WHERE c.id = $1`, [id]);
    return rows[0] ?? null;
  }
}
