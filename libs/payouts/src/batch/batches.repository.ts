import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import { filterClause, PAYER_OF_POOL } from '../instruction/instructions.repository';
import type { AutoCheckResult, BatchApproval, BatchFilter, BatchOrigin, BatchStatus, PayerCode } from './batch.types';

export interface BatchRow {
  id: string;
  batch_no: string;
  title: string;
  status: BatchStatus;
  filter: BatchFilter;
  payer_code: string;
  origin: BatchOrigin;
  approval: BatchApproval | null;
  auto_check: AutoCheckResult | null;
  instruction_count: number;
  total_fen: string | number;
  created_by: string;
  created_by_name: string | null;
  submitted_by: string | null;
  approved_by: string | null;
  rejected_by: string | null;
  reject_reason: string | null;
  created_at: Date;
  approved_at: Date | null;
  completed_at: Date | null;
}

export interface PoolPreviewRow {
  fund_pool_id: string;
  item_name: string | null;
  n: number;
  total: string | number;
  budget_fen: number | null;
  committed_fen: number;
}

/** Ready instructions of one payer: how many and since when the oldest has waited. */
export interface PayerBacklog {
  payerCode: PayerCode;
  count: number;
  oldestAt: Date;
}

/** What the auto-check looks at, beyond the batch's total. */
export interface AutoCheckFacts {
  reissues: number;
  /** Pools the batch would overspend (committed + batch total > budget). */
  shortPools: Array<{ fundPoolId: string; requiredFen: number; availableFen: number }>;
}

export interface ApprovedInstruction {
  id: string;
  fund_pool_id: string;
  amount_fen: string | number;
  reissue_of: string | null;
}

/**
 * Every SQL statement of the batches (支付批次) and nothing else: the decisions — who may do what,
 * in which state, with which auto-check verdict — are BatchesService's, unit-tested without a database.
 * Every method runs in the caller's transaction (`m`).
 */
@Injectable()
export class BatchesRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get db(): DataSource {
    return this.dataSource;
  }

  previewByPool(filter: BatchFilter, payerCode: PayerCode): Promise<PoolPreviewRow[]> {
    const params: unknown[] = [];
    const where = filterClause({ ...filter, status: 'created' }, params, 'i');
    return this.dataSource.query(
      `SELECT i.fund_pool_id, p.item_name, count(*)::int AS n, sum(i.amount_fen)::bigint AS total, p.budget_fen, p.committed_fen
       FROM payout.instructions i JOIN payout.fund_pools p ON p.id = i.fund_pool_id
       WHERE ${where} AND ${PAYER_OF_POOL('p')} = $${params.push(payerCode)}
       GROUP BY i.fund_pool_id, p.item_name, p.budget_fen, p.committed_fen ORDER BY i.fund_pool_id`,
      params,
    );
  }

  /** Who pays the pool's instructions now (`finance` or a department's code); null when there is no such pool. */
  async payerOfPool(m: EntityManager | DataSource, fundPoolId: string): Promise<PayerCode | null> {
    const [row]: Array<{ payer_code: string }> = await m.query(`SELECT ${PAYER_OF_POOL('p')} AS payer_code FROM payout.fund_pools p WHERE p.id = $1`, [fundPoolId]);
    return row?.payer_code ?? null;
  }

  async insert(
    m: EntityManager,
    b: { id: string; batchNo: string; title: string; filter: BatchFilter; payerCode: PayerCode; origin: BatchOrigin; createdBy: string; createdByName: string },
  ): Promise<void> {
    await m.query(
      `INSERT INTO payout.batches (id, batch_no, title, status, filter, payer_code, origin, created_by, created_by_name)
       VALUES ($1, $2, $3, 'draft', $4::jsonb, $5, $6, $7, $8)`,
      [b.id, b.batchNo, b.title, JSON.stringify(b.filter ?? {}), b.payerCode, b.origin, b.createdBy, b.createdByName],
    );
  }

  /**
   * Moves the payer's ready instructions matching the filter (oldest first, up to `limit`) into the
   * batch. Rows another transaction holds are skipped and the move is guarded by status, so two
   * concurrent runs never take the same instruction.
   */
  async takeReady(m: EntityManager, batchId: string, filter: BatchFilter, payerCode: PayerCode, limit?: number): Promise<{ n: number; total: number }> {
    const params: unknown[] = [batchId];
    const where = filterClause({ ...filter, status: 'created' }, params, 'i');
    const payer = `$${params.push(payerCode)}`;
    const lim = limit ? `LIMIT $${params.push(limit)}` : '';
    const [totals] = await m.query(
      `WITH picked AS (
         SELECT i.id FROM payout.instructions i JOIN payout.fund_pools p ON p.id = i.fund_pool_id
         WHERE ${where} AND ${PAYER_OF_POOL('p')} = ${payer} ORDER BY i.created_at, i.id ${lim} FOR UPDATE OF i SKIP LOCKED),
       moved AS (
         UPDATE payout.instructions i SET status = 'batched', batch_id = $1 FROM picked WHERE i.id = picked.id AND i.status = 'created'
         RETURNING i.amount_fen)
       SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS total FROM moved`,
      params,
    );
    const n = Number(totals.n);
    const total = Number(totals.total);
    if (n > 0) await m.query(`UPDATE payout.batches SET instruction_count = $2, total_fen = $3 WHERE id = $1`, [batchId, n, total]);
    return { n, total };
  }

  /** Ready instructions per payer (the auto-batcher's input). */
  async backlogByPayer(m: EntityManager | DataSource = this.dataSource): Promise<PayerBacklog[]> {
    const rows: Array<{ payer_code: string; n: number; oldest: Date }> = await m.query(
      `SELECT ${PAYER_OF_POOL('p')} AS payer_code, count(*)::int AS n, min(i.created_at) AS oldest
       FROM payout.instructions i JOIN payout.fund_pools p ON p.id = i.fund_pool_id
       WHERE i.status = 'created' GROUP BY 1 ORDER BY 1`,
    );
    return rows.map((r) => ({ payerCode: r.payer_code, count: Number(r.n), oldestAt: new Date(r.oldest) }));
  }

  /** Locks the batch row for the rest of the transaction; null when there is none. */
  async lock(m: EntityManager, id: string): Promise<BatchRow | null> {
    const [row]: BatchRow[] = await m.query(`SELECT * FROM payout.batches WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async find(m: EntityManager | DataSource, id: string): Promise<BatchRow | null> {
    const [row]: BatchRow[] = await m.query(`SELECT * FROM payout.batches WHERE id = $1`, [id]);
    return row ?? null;
  }

  async progress(m: EntityManager | DataSource, id: string): Promise<Record<string, number>> {
    const rows: Array<{ status: string; n: number }> = await m.query(
      `SELECT status, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 GROUP BY status`,
      [id],
    );
    return Object.fromEntries(rows.map((p) => [p.status, p.n]));
  }

  async markSubmitted(m: EntityManager, id: string, by: string): Promise<boolean> {
    const moved = await mutateReturning(m, `UPDATE payout.batches SET status = 'submitted', submitted_by = $2, submitted_at = now() WHERE id = $1 AND status = 'draft' RETURNING id`, [id, by]);
    if (moved.length === 0) return false;
    await m.query(`UPDATE payout.instructions SET status = 'submitted' WHERE batch_id = $1 AND status = 'batched'`, [id]);
    return true;
  }

  async autoCheckFacts(m: EntityManager, id: string): Promise<AutoCheckFacts> {
    const [{ reissues }] = await m.query(`SELECT count(*)::int AS reissues FROM payout.instructions WHERE batch_id = $1 AND reissue_of IS NOT NULL`, [id]);
    const short: Array<{ fund_pool_id: string; required: string | number; available: string | number }> = await m.query(
      `SELECT i.fund_pool_id, sum(i.amount_fen)::bigint AS required, (p.budget_fen - p.committed_fen)::bigint AS available
       FROM payout.instructions i JOIN payout.fund_pools p ON p.id = i.fund_pool_id
       WHERE i.batch_id = $1 AND i.status = 'submitted' AND i.reissue_of IS NULL
       GROUP BY i.fund_pool_id, p.budget_fen, p.committed_fen
       HAVING p.budget_fen IS NOT NULL AND p.committed_fen + sum(i.amount_fen) > p.budget_fen ORDER BY 1`,
      [id],
    );
    return { reissues: Number(reissues), shortPools: short.map((r) => ({ fundPoolId: r.fund_pool_id, requiredFen: Number(r.required), availableFen: Number(r.available) })) };
  }

  async recordAutoCheck(m: EntityManager, id: string, result: AutoCheckResult): Promise<void> {
    await m.query(`UPDATE payout.batches SET auto_check = $2::jsonb WHERE id = $1`, [id, JSON.stringify(result)]);
  }

  async markApproved(m: EntityManager, id: string, by: string, approval: BatchApproval): Promise<void> {
    await m.query(`UPDATE payout.batches SET status = 'approved', approved_by = $2, approved_at = now(), approval = $3 WHERE id = $1 AND status = 'submitted'`, [id, by, approval]);
  }

  /** The money a batch commits, per pool (reissues draw on returned funds, not the pool). */
  async commitmentsByPool(m: EntityManager, id: string): Promise<Array<{ fundPoolId: string; totalFen: number }>> {
    const rows: Array<{ fund_pool_id: string; total: string | number }> = await m.query(
      `SELECT fund_pool_id, sum(amount_fen)::bigint AS total FROM payout.instructions
       WHERE batch_id = $1 AND status = 'submitted' AND reissue_of IS NULL GROUP BY fund_pool_id ORDER BY fund_pool_id`,
      [id],
    );
    return rows.map((r) => ({ fundPoolId: r.fund_pool_id, totalFen: Number(r.total) }));
  }

  /** Adds to the pool's commitment; the CHECK on fund_pools refuses overspending (the error propagates). */
  async commitPool(m: EntityManager, fundPoolId: string, amountFen: number, ref: string): Promise<void> {
    await m.query(`SELECT set_config('payout.pool_cause', 'commit', true), set_config('payout.pool_ref', $1, true)`, [ref]);
    await m.query(`UPDATE payout.fund_pools SET committed_fen = committed_fen + $2, updated_at = now() WHERE id = $1`, [fundPoolId, amountFen]);
    await m.query(`SELECT set_config('payout.pool_cause', '', true), set_config('payout.pool_ref', '', true)`);
  }

  /** Approves the batch's instructions and assigns them to send chunks of `size`, in one statement. */
  async assignChunks(m: EntityManager, id: string, size: number, newId: () => string): Promise<ApprovedInstruction[]> {
    const [{ n: count }] = await m.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 AND status = 'submitted'`, [id]);
    const chunkIds = Array.from({ length: Math.ceil(count / size) }, () => newId());
    if (chunkIds.length > 0) {
      await m.query(
        `INSERT INTO payout.send_chunks (id, batch_id, chunk_no, instruction_count)
         SELECT c.id, $1, c.n - 1, 0 FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, n)`,
        [id, chunkIds],
      );
    }
    const moved = await mutateReturning<ApprovedInstruction>(
      m,
      `UPDATE payout.instructions i SET status = 'approved', chunk_id = c.id
       FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / $2 AS n FROM payout.instructions WHERE batch_id = $1 AND status = 'submitted') r
       JOIN payout.send_chunks c ON c.batch_id = $1 AND c.chunk_no = r.n
       WHERE i.id = r.id RETURNING i.id, i.fund_pool_id, i.amount_fen, i.reissue_of`,
      [id, size],
    );
    await m.query(
      `UPDATE payout.send_chunks c SET instruction_count = s.n FROM
         (SELECT chunk_id, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 AND status = 'approved' GROUP BY chunk_id) s
       WHERE c.id = s.chunk_id`,
      [id],
    );
    await m.query(`DELETE FROM payout.send_chunks c WHERE c.batch_id = $1 AND c.instruction_count = 0`, [id]);
    return moved;
  }

  /** 复核退回: the instructions go back to the ready ones, to be batched again. */
  async markRejected(m: EntityManager, id: string, by: string, reason: string): Promise<void> {
    await m.query(`UPDATE payout.batches SET status = 'rejected', rejected_by = $2, rejected_at = now(), reject_reason = $3 WHERE id = $1`, [id, by, reason]);
    await m.query(`UPDATE payout.instructions SET status = 'created', batch_id = NULL WHERE batch_id = $1 AND status = 'submitted'`, [id]);
  }

  async list(filter: { status?: BatchStatus; payerCode?: PayerCode }, page: number, pageSize: number): Promise<{ rows: BatchRow[]; total: number }> {
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.status) where.push(`status = $${params.push(filter.status)}`);
    if (filter.payerCode) where.push(`payer_code = $${params.push(filter.payerCode)}`);
    const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.batches ${w}`, params);
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT * FROM payout.batches ${w} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { rows, total: Number(total) };
  }
}
