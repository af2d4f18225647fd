import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, formatMoney, mutateReturning } from '@app/core';
import type { ItemVersionView } from '@app/policies';

export interface FundPoolView {
  itemId: string;
  itemName: string;
  departmentCode: string;
  totalFen: number;
  reservedFen: number;
  paidFen: number;
  availableFen: number;
  availableText: string;
}

interface PoolRow {
  item_id: string;
  item_name: string;
  department_code: string;
  total_fen: string | number;
  reserved_fen: string | number;
  paid_fen: string | number;
}

const toView = (r: PoolRow): FundPoolView => {
  const available = Number(r.total_fen) - Number(r.reserved_fen);
  return {
    itemId: r.item_id, itemName: r.item_name, departmentCode: r.department_code, totalFen: Number(r.total_fen),
    reservedFen: Number(r.reserved_fen), paidFen: Number(r.paid_fen), availableFen: available, availableText: formatMoney(available),
  };
};

/**
 * One fund pool per item (total = the published version's fundPoolFen). Approval reserves the
 * amount with a single conditional UPDATE, so concurrent approvals can never over-commit it: the
 * row lock serializes them and the condition is re-checked against the committed total.
 */
@Injectable()
export class FundPoolRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** On publication: the pool's total follows the published version (never below what is already reserved). */
  async sync(m: EntityManager, v: Pick<ItemVersionView, 'itemId' | 'name' | 'ownerDepartment' | 'fundPoolFen'>): Promise<void> {
    await m.query(
      `INSERT INTO approval.fund_pools (item_id, item_name, department_code, total_fen) VALUES ($1, $2, $3, $4)
       ON CONFLICT (item_id) DO UPDATE SET total_fen = GREATEST(EXCLUDED.total_fen, approval.fund_pools.reserved_fen),
         item_name = EXCLUDED.item_name, updated_at = now()`,
      [v.itemId, v.name, v.ownerDepartment, v.fundPoolFen],
    );
  }

  /** Creates the pool from the version when it does not exist yet (item published before this module ran). */
  async ensure(m: EntityManager, v: Pick<ItemVersionView, 'itemId' | 'name' | 'ownerDepartment' | 'fundPoolFen'>): Promise<void> {
    await m.query(
      `INSERT INTO approval.fund_pools (item_id, item_name, department_code, total_fen) VALUES ($1, $2, $3, $4) ON CONFLICT (item_id) DO NOTHING`,
      [v.itemId, v.name, v.ownerDepartment, v.fundPoolFen],
    );
  }

  /** Reserves `amountFen` or throws APPROVAL.POOL_EXHAUSTED; nothing is reserved then. */
  async reserve(m: EntityManager, itemId: string, amountFen: number): Promise<FundPoolView> {
    const rows = await mutateReturning<PoolRow>(
      m,
      `UPDATE approval.fund_pools SET reserved_fen = reserved_fen + $1, updated_at = now()
       WHERE item_id = $2 AND reserved_fen + $1 <= total_fen RETURNING *`,
      [amountFen, itemId],
    );
    if (rows[0]) return toView(rows[0]);
    const pool = await this.get(itemId, m);
    if (!pool) throw new DomainError('APPROVAL.POOL_MISSING', '该事项尚未建立资金池', { itemId });
    throw new DomainError('APPROVAL.POOL_EXHAUSTED', `资金池余额不足：可用 ${pool.availableText}，需 ${formatMoney(amountFen)}`, {
      itemId, totalFen: pool.totalFen, reservedFen: pool.reservedFen, availableFen: pool.availableFen, requestedFen: amountFen,
    });
  }

  async release(m: EntityManager, itemId: string, amountFen: number): Promise<void> {
    if (amountFen <= 0) return;
    await m.query(`UPDATE approval.fund_pools SET reserved_fen = reserved_fen - $1, updated_at = now() WHERE item_id = $2`, [amountFen, itemId]);
  }

  async markPaid(m: EntityManager, itemId: string, amountFen: number): Promise<void> {
    await m.query(`UPDATE approval.fund_pools SET paid_fen = paid_fen + $1, updated_at = now() WHERE item_id = $2`, [amountFen, itemId]);
  }

  async get(itemId: string, m: EntityManager | DataSource = this.dataSource): Promise<FundPoolView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(itemId)) return null;
    const rows: PoolRow[] = await m.query(`SELECT * FROM approval.fund_pools WHERE item_id = $1`, [itemId]);
    return rows[0] ? toView(rows[0]) : null;
  }

  async list(departmentCode: string | null): Promise<FundPoolView[]> {
    const rows: PoolRow[] = await this.dataSource.query(
      `SELECT * FROM approval.fund_pools ${departmentCode ? 'WHERE department_code = $1' : ''} ORDER BY item_name`,
      departmentCode ? [departmentCode] : [],
    );
    return rows.map(toView);
  }
}
