import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { MovementKind, MovementStatus } from './pool.types';

type Db = EntityManager | DataSource;

/** A row of payout.fund_pools. */
export interface PoolRow {
  id: string;
  item_id: string | null;
  item_name: string | null;
  department_code: string | null;
  payer: 'finance' | 'department';
  budget_fen: string | number | null;
  committed_fen: string | number;
  budget_line_fen: string | number | null;
  updated_at: Date;
}

/** A row of payout.pool_movements (追加/调拨). */
export interface MovementRow {
  id: string;
  kind: MovementKind;
  from_pool_id: string | null;
  to_pool_id: string;
  amount_fen: string | number;
  reason: string;
  status: MovementStatus;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_at: Date | null;
  reject_reason: string | null;
}

/** A row of payout.pool_history: one change of a pool's budget or commitment. */
export interface PoolHistoryRow {
  id: string;
  at: Date;
  cause: string;
  ref: string | null;
  budget_delta_fen: string;
  committed_delta_fen: string;
  budget_fen: string | null;
  committed_fen: string;
}

export interface NewMovement {
  id: string;
  kind: MovementKind;
  fromPoolId: string | null;
  toPoolId: string;
  amountFen: number;
  reason: string;
  requestedBy: string;
  requestedByName: string;
}

/**
 * Every SQL statement of the fund pools (资金池) and their movements (追加/调拨): the decisions —
 * who may move what, within which budget line, by whom approved — are PoolsService's, unit-tested
 * without a database. Writes run in the caller's transaction (`m`).
 */
@Injectable()
export class PoolsRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get db(): DataSource {
    return this.dataSource;
  }

  /** One page of pools by id; only the department-paid pools of `departmentCode` when given. */
  async list(filter: { departmentCode?: string | null }, page: number, pageSize: number): Promise<{ rows: PoolRow[]; total: number }> {
    const params: unknown[] = [];
    const where = filter.departmentCode !== undefined ? `WHERE department_code = $${params.push(filter.departmentCode)} AND payer = 'department'` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.fund_pools ${where}`, params);
    const rows: PoolRow[] = await this.dataSource.query(
      `SELECT * FROM payout.fund_pools ${where} ORDER BY id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }

  async find(m: Db, id: string): Promise<PoolRow | null> {
    const [row]: PoolRow[] = await m.query(`SELECT * FROM payout.fund_pools WHERE id = $1`, [id]);
    return row ?? null;
  }

  /** Locks the pools (in id order, so two movements never deadlock); returns the ids that exist. */
  async lockPools(m: EntityManager, ids: string[]): Promise<string[]> {
    const locked: Array<{ id: string }> = await m.query(`SELECT id FROM payout.fund_pools WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`, [ids]);
    return locked.map((r) => r.id);
  }

  /** Instructions of the pool in a batch that waits for its checker (组批/待复核). */
  async instructionsAwaitingCheck(m: EntityManager, poolId: string): Promise<number> {
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE fund_pool_id = $1 AND status IN ('batched','submitted')`, [poolId]);
    return Number(n);
  }

  async updateSettings(m: EntityManager, id: string, payer: 'finance' | 'department', budgetLineFen: number | null): Promise<void> {
    await m.query(`UPDATE payout.fund_pools SET payer = $2, budget_line_fen = $3, updated_at = now() WHERE id = $1`, [id, payer, budgetLineFen]);
  }

  /**
   * Adds `deltaFen` to the pool's budget, the history row naming `cause` and `ref`. The CHECK on
   * fund_pools refuses a budget below the commitment (the error propagates).
   */
  async changeBudget(m: EntityManager, poolId: string, deltaFen: number, cause: string, ref: string): Promise<void> {
    await m.query(`SELECT set_config('payout.pool_cause', $1, true), set_config('payout.pool_ref', $2, true)`, [cause, ref]);
    await m.query(`UPDATE payout.fund_pools SET budget_fen = budget_fen + $2, updated_at = now() WHERE id = $1`, [poolId, deltaFen]);
    await m.query(`SELECT set_config('payout.pool_cause', '', true), set_config('payout.pool_ref', '', true)`);
  }

  async insertMovement(m: EntityManager, mv: NewMovement): Promise<void> {
    await m.query(
      `INSERT INTO payout.pool_movements (id, kind, from_pool_id, to_pool_id, amount_fen, reason, requested_by, requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [mv.id, mv.kind, mv.fromPoolId, mv.toPoolId, mv.amountFen, mv.reason, mv.requestedBy, mv.requestedByName],
    );
  }

  /** Locks the movement row for the rest of the transaction; null when there is none. */
  async lockMovement(m: EntityManager, id: string): Promise<MovementRow | null> {
    const [row] = await mutateReturning<MovementRow>(m, `SELECT * FROM payout.pool_movements WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async markMovementApproved(m: EntityManager, id: string, by: string): Promise<void> {
    await m.query(`UPDATE payout.pool_movements SET status = 'approved', decided_by = $2, decided_at = now() WHERE id = $1 AND status = 'requested'`, [id, by]);
  }

  async markMovementRejected(m: EntityManager, id: string, by: string, reason: string): Promise<void> {
    await m.query(`UPDATE payout.pool_movements SET status = 'rejected', decided_by = $2, decided_at = now(), reject_reason = $3 WHERE id = $1`, [id, by, reason]);
  }

  /** One page of movements, newest first; of one pool (either side) when `fundPoolId` is given. */
  async movements(filter: { status?: MovementStatus; fundPoolId?: string }, page: number, pageSize: number): Promise<{ rows: MovementRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.fundPoolId) where.push(`(from_pool_id = $${params.push(filter.fundPoolId)} OR to_pool_id = $${params.length})`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.pool_movements ${w}`, params);
    const rows: MovementRow[] = await this.dataSource.query(
      `SELECT * FROM payout.pool_movements ${w} ORDER BY requested_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }

  /** One page of the pool's balance history, newest first. */
  async history(poolId: string, page: number, pageSize: number): Promise<{ rows: PoolHistoryRow[]; total: number }> {
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.pool_history WHERE fund_pool_id = $1`, [poolId]);
    const rows: PoolHistoryRow[] = await this.dataSource.query(
      `SELECT * FROM payout.pool_history WHERE fund_pool_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [poolId, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }
}
