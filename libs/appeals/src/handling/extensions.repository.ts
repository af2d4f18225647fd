import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning, uniqueViolation } from '@app/core';

export type ExtensionStatus = 'pending' | 'approved' | 'rejected';

export interface ExtRow {
  id: string;
  appeal_id: string;
  department_code: string;
  working_days: number;
  reason: string;
  status: ExtensionStatus;
  requested_at: Date;
  decision_comment: string | null;
  decided_at: Date | null;
}

export interface NewExtension {
  id: string;
  appealId: string;
  departmentCode: string | null;
  workingDays: number;
  reason: string;
  requestedBy: string;
  requestedAt: Date;
}

const EXT_COLUMNS = `id, appeal_id, department_code, working_days, reason, status, requested_at, decision_comment, decided_at`;

/** Every SQL statement of the extension requests (延期申请) of 办理. */
@Injectable()
export class ExtensionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts a pending request; false when the appeal already has one pending (nothing written). */
  async insert(m: EntityManager, e: NewExtension): Promise<boolean> {
    try {
      await m.query(
        `INSERT INTO appeal.extensions (id, appeal_id, department_code, working_days, reason, status, requested_by, requested_at) VALUES ($1,$2,$3,$4,$5,'pending',$6,$7)`,
        [e.id, e.appealId, e.departmentCode, e.workingDays, e.reason, e.requestedBy, e.requestedAt.toISOString()],
      );
      return true;
    } catch (err) {
      if (uniqueViolation(err) === 'UQ_extensions_one_pending') return false;
      throw err;
    }
  }

  /** Decides a pending request of the appeal; null when there is none pending with that id. */
  async decide(m: EntityManager, extensionId: string, appealId: string, d: { status: 'approved' | 'rejected'; by: string; comment: string; at: Date }): Promise<ExtRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(extensionId)) return null;
    const [ext] = await mutateReturning<ExtRow>(m,
      `UPDATE appeal.extensions SET status = $3, decided_by = $4, decision_comment = $5, decided_at = $6 WHERE id = $1 AND appeal_id = $2 AND status = 'pending'
       RETURNING ${EXT_COLUMNS}`,
      [extensionId, appealId, d.status, d.by, d.comment, d.at.toISOString()]);
    return ext ?? null;
  }

  ofAppeal(appealId: string): Promise<ExtRow[]> {
    return this.dataSource.query(`SELECT ${EXT_COLUMNS} FROM appeal.extensions WHERE appeal_id = $1 ORDER BY requested_at`, [appealId]);
  }
}
