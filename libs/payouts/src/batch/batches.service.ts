import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, formatMoney, mutateReturning, notFound, OutboxService, Page, Principal, uuid7 } from '@app/core';
import { EventNames } from '@app/contracts';
import { filterClause } from '../instruction/instructions.service';
import { LedgerService } from '../ledger/ledger.service';
import { PAYOUT_OPTIONS, PayoutOptions } from '../payout.options';
import { PayoutErrors, payoutError, pgErrorOf } from '../payout.errors';
import { BATCH_STATUS_LABELS, BatchFilter, BatchPreview, BatchStatus, BatchView } from './batch.types';

interface BatchRow {
  id: string;
  batch_no: string;
  title: string;
  status: BatchStatus;
  filter: BatchFilter;
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

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * 支付批次: a finance maker (经办) builds a batch from ready instructions and submits it; a finance
 * checker (复核) — never the maker or submitter — approves or rejects it. Approval commits the
 * money (pool cap, ledger), splits the batch into send chunks and emits the event that queues them.
 */
@Injectable()
export class BatchesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly ledger: LedgerService,
    @Inject(PAYOUT_OPTIONS) private readonly options: PayoutOptions,
  ) {}

  async preview(filter: BatchFilter): Promise<BatchPreview> {
    const params: unknown[] = [];
    const where = filterClause({ ...filter, status: 'created' }, params, 'i');
    const rows: Array<{ fund_pool_id: string; item_name: string | null; n: number; total: string | number; budget_fen: number | null; committed_fen: number }> =
      await this.dataSource.query(
        `SELECT i.fund_pool_id, p.item_name, count(*)::int AS n, sum(i.amount_fen)::bigint AS total, p.budget_fen, p.committed_fen
         FROM payout.instructions i JOIN payout.fund_pools p ON p.id = i.fund_pool_id
         WHERE ${where} GROUP BY i.fund_pool_id, p.item_name, p.budget_fen, p.committed_fen ORDER BY i.fund_pool_id`,
        params,
      );
    const byPool = rows.map((r) => ({
      fundPoolId: r.fund_pool_id,
      itemName: r.item_name,
      count: r.n,
      totalFen: Number(r.total),
      budgetFen: r.budget_fen === null ? null : Number(r.budget_fen),
      committedFen: Number(r.committed_fen),
    }));
    const totalFen = byPool.reduce((s, p) => s + p.totalFen, 0);
    return { count: byPool.reduce((s, p) => s + p.count, 0), totalFen, totalText: formatMoney(totalFen), byPool };
  }

  /** Takes the ready instructions matching the filter (up to `limit`) into a new draft batch. */
  async create(user: Principal, input: { title?: string; filter: BatchFilter; limit?: number }): Promise<BatchView> {
    return this.dataSource.transaction(async (m) => {
      const id = uuid7();
      const batchNo = `PB${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${id.slice(-8).toUpperCase()}`;
      const title = input.title?.trim() || `兑付批次 ${batchNo}`;
      await m.query(
        `INSERT INTO payout.batches (id, batch_no, title, status, filter, created_by, created_by_name) VALUES ($1, $2, $3, 'draft', $4::jsonb, $5, $6)`,
        [id, batchNo, title, JSON.stringify(input.filter ?? {}), user.id, user.displayName ?? user.username],
      );
      const params: unknown[] = [id];
      const where = filterClause({ ...input.filter, status: 'created' }, params);
      const limit = input.limit ? `LIMIT $${params.push(input.limit)}` : '';
      const [totals] = await m.query(
        `WITH picked AS (
           SELECT id FROM payout.instructions WHERE ${where} ORDER BY created_at, id ${limit} FOR UPDATE SKIP LOCKED),
         moved AS (
           UPDATE payout.instructions i SET status = 'batched', batch_id = $1 FROM picked WHERE i.id = picked.id AND i.status = 'created'
           RETURNING i.amount_fen)
         SELECT count(*)::int AS n, coalesce(sum(amount_fen), 0)::bigint AS total FROM moved`,
        params,
      );
      if (totals.n === 0) throw payoutError(PayoutErrors.BatchEmpty, '没有符合条件的待组批指令');
      await m.query(`UPDATE payout.batches SET instruction_count = $2, total_fen = $3 WHERE id = $1`, [id, totals.n, totals.total]);
      const view = await this.get(id, m);
      await this.audit.record({ actor: user, action: 'payout.batch.create', targetType: 'payout_batch', targetId: id, after: view }, m);
      return view;
    });
  }

  async submit(user: Principal, id: string): Promise<BatchView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lock(m, id);
      const moved = await mutateReturning(m, `UPDATE payout.batches SET status = 'submitted', submitted_by = $2, submitted_at = now() WHERE id = $1 AND status = 'draft' RETURNING id`, [id, user.id]);
      if (moved.length === 0) throw this.invalidState(before, '提交复核');
      await m.query(`UPDATE payout.instructions SET status = 'submitted' WHERE batch_id = $1 AND status = 'batched'`, [id]);
      const after = await this.get(id, m);
      await this.audit.record({ actor: user, action: 'payout.batch.submit', targetType: 'payout_batch', targetId: id, before, after }, m);
      return after;
    });
  }

  /** 复核通过. Four eyes, pool caps and the ledger commitment, all in one transaction. */
  async approve(user: Principal, id: string): Promise<BatchView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lock(m, id);
      if (before.status !== 'submitted') throw this.invalidState(before, '复核通过');
      this.assertOtherPerson(user, before);
      await m.query(`UPDATE payout.batches SET status = 'approved', approved_by = $2, approved_at = now() WHERE id = $1 AND status = 'submitted'`, [id, user.id]);
      // Commit the money per pool; the CHECK on fund_pools refuses overspending by any concurrent batch.
      const perPool: Array<{ fund_pool_id: string; total: string | number }> = await m.query(
        `SELECT fund_pool_id, sum(amount_fen)::bigint AS total FROM payout.instructions
         WHERE batch_id = $1 AND status = 'submitted' AND reissue_of IS NULL GROUP BY fund_pool_id ORDER BY fund_pool_id`,
        [id],
      );
      for (const p of perPool) {
        try {
          await m.query(`UPDATE payout.fund_pools SET committed_fen = committed_fen + $2, updated_at = now() WHERE id = $1`, [p.fund_pool_id, p.total]);
        } catch (err) {
          if (pgErrorOf(err).constraint === 'CHK_fund_pools_cap') {
            throw payoutError(PayoutErrors.PoolExhausted, `资金池 ${p.fund_pool_id} 余额不足，不能复核通过`, { fundPoolId: p.fund_pool_id, requiredFen: Number(p.total) });
          }
          throw err;
        }
      }
      // Approve and assign send chunks in one statement.
      const size = this.options.chunkSize;
      const [{ n: count }] = await m.query(`SELECT count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 AND status = 'submitted'`, [id]);
      const chunks = Math.ceil(count / size);
      const chunkIds = Array.from({ length: chunks }, () => uuid7());
      if (chunks > 0) {
        await m.query(
          `INSERT INTO payout.send_chunks (id, batch_id, chunk_no, instruction_count)
           SELECT c.id, $1, c.n - 1, 0 FROM unnest($2::uuid[]) WITH ORDINALITY AS c(id, n)`,
          [id, chunkIds],
        );
      }
      const moved = await mutateReturning<{ id: string; fund_pool_id: string; amount_fen: string | number; reissue_of: string | null }>(
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
      await this.ledger.post(
        m,
        'commit',
        moved.map((r) => ({ instructionId: r.id, fundPoolId: r.fund_pool_id, amountFen: Number(r.amount_fen), isReissue: r.reissue_of !== null })),
        `batch ${before.batchNo}`,
      );
      await this.outbox.append(m, { name: EventNames.PayoutBatchApproved, aggregateType: 'payout_batch', aggregateId: id, payload: { batchId: id } });
      const after = await this.get(id, m);
      await this.audit.record({ actor: user, action: 'payout.batch.approve', targetType: 'payout_batch', targetId: id, before, after }, m);
      return after;
    });
  }

  async reject(user: Principal, id: string, reason: string): Promise<BatchView> {
    return this.dataSource.transaction(async (m) => {
      const before = await this.lock(m, id);
      if (before.status !== 'submitted') throw this.invalidState(before, '复核退回');
      this.assertOtherPerson(user, before);
      await m.query(`UPDATE payout.batches SET status = 'rejected', rejected_by = $2, rejected_at = now(), reject_reason = $3 WHERE id = $1`, [id, user.id, reason]);
      // The instructions go back to the pool of ready ones, to be batched again.
      await m.query(`UPDATE payout.instructions SET status = 'created', batch_id = NULL WHERE batch_id = $1 AND status = 'submitted'`, [id]);
      const after = await this.get(id, m);
      await this.audit.record({ actor: user, action: 'payout.batch.reject', targetType: 'payout_batch', targetId: id, before, after, details: { reason } }, m);
      return after;
    });
  }

  async list(filter: { status?: BatchStatus }, page = 1, pageSize = 20): Promise<Page<BatchView>> {
    const params: unknown[] = [];
    const where = filter.status ? `WHERE status = $${params.push(filter.status)}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM payout.batches ${where}`, params);
    const rows: BatchRow[] = await this.dataSource.query(
      `SELECT * FROM payout.batches ${where} ORDER BY created_at DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, pageSize, (page - 1) * pageSize],
    );
    return { items: rows.map((r) => this.toView(r, {})), total: Number(total), page, pageSize };
  }

  async get(id: string, m: EntityManager | DataSource = this.dataSource): Promise<BatchView> {
    const [row]: BatchRow[] = await m.query(`SELECT * FROM payout.batches WHERE id = $1`, [id]);
    if (!row) throw notFound('PAYOUT_BATCH', id);
    const progress: Array<{ status: string; n: number }> = await m.query(
      `SELECT status, count(*)::int AS n FROM payout.instructions WHERE batch_id = $1 GROUP BY status`,
      [id],
    );
    return this.toView(row, Object.fromEntries(progress.map((p) => [p.status, p.n])));
  }

  private async lock(m: EntityManager, id: string): Promise<BatchView> {
    const [row] = await m.query(`SELECT id FROM payout.batches WHERE id = $1 FOR UPDATE`, [id]);
    if (!row) throw notFound('PAYOUT_BATCH', id);
    return this.get(id, m);
  }

  private assertOtherPerson(user: Principal, b: BatchView): void {
    if (user.id === b.createdBy || user.id === b.submittedBy) {
      throw payoutError(PayoutErrors.SamePerson, '复核人不能是该批次的经办人（四眼原则）', { batchId: b.id });
    }
  }

  private invalidState(b: BatchView, action: string) {
    return payoutError(PayoutErrors.BatchInvalidState, `批次当前状态为“${b.statusLabel}”，不能${action}`, { status: b.status });
  }

  private toView(r: BatchRow, progress: Record<string, number>): BatchView {
    const totalFen = Number(r.total_fen);
    return {
      id: r.id,
      batchNo: r.batch_no,
      title: r.title,
      status: r.status,
      statusLabel: BATCH_STATUS_LABELS[r.status],
      filter: r.filter,
      instructionCount: r.instruction_count,
      totalFen,
      totalText: formatMoney(totalFen),
      createdBy: r.created_by,
      createdByName: r.created_by_name,
      submittedBy: r.submitted_by,
      approvedBy: r.approved_by,
      rejectedBy: r.rejected_by,
      rejectReason: r.reject_reason,
      createdAt: new Date(r.created_at).toISOString(),
      approvedAt: iso(r.approved_at),
      completedAt: iso(r.completed_at),
      progress,
    };
  }
}
