import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';

export interface ClawbackRow {
  id: string; application_id: string; amount_fen: string | number; recovered_fen: string | number; status: 'pending' | 'recovered';
  reason: string; bar_until: string; created_at: Date;
}

export interface NewClawback {
  id: string;
  applicationId: string;
  enterpriseId: string;
  itemId: string;
  amountFen: number;
  reason: string;
  /** YYYY-MM-DD: the firm may not apply before this day. */
  barUntil: string;
  createdBy: string;
}

/** Every SQL statement of 追回 (approval.clawbacks). Methods taking `m` run in the caller's transaction. */
@Injectable()
export class ClawbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Inserts the application's clawback; null when it already has one. */
  async insert(m: EntityManager, c: NewClawback): Promise<ClawbackRow | null> {
    const rows = await mutateReturning<ClawbackRow>(m,
      `INSERT INTO approval.clawbacks (id, application_id, enterprise_id, item_id, amount_fen, reason, bar_until, created_by)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (application_id) DO NOTHING RETURNING *, bar_until::text AS bar_until`,
      [c.id, c.applicationId, c.enterpriseId, c.itemId, c.amountFen, c.reason, c.barUntil, c.createdBy]);
    return rows[0] ?? null;
  }

  /** A clawback by id (the caller checked it is a uuid), or null. */
  async find(m: EntityManager, id: string): Promise<ClawbackRow | null> {
    const [c]: ClawbackRow[] = await m.query(`SELECT * FROM approval.clawbacks WHERE id = $1`, [id]);
    return c ?? null;
  }

  /**
   * Adds money that came back to a pending clawback, `recovered` once all of it has; null (nothing
   * changed) when it would exceed what is owed or all was recovered already — guarded in the statement.
   */
  async addRecovered(m: EntityManager, id: string, amountFen: number): Promise<ClawbackRow | null> {
    const rows = await mutateReturning<ClawbackRow>(m,
      `UPDATE approval.clawbacks SET recovered_fen = recovered_fen + $2,
         status = CASE WHEN recovered_fen + $2 >= amount_fen THEN 'recovered' ELSE 'pending' END,
         recovered_at = CASE WHEN recovered_fen + $2 >= amount_fen THEN now() ELSE NULL END
       WHERE id = $1 AND status = 'pending' AND recovered_fen + $2 <= amount_fen RETURNING *, bar_until::text AS bar_until`, [id, amountFen]);
    return rows[0] ?? null;
  }
}
