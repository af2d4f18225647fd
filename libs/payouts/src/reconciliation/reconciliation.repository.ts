import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { mutateReturning } from '@app/core';
import type { PlatformInstruction, ReconClass, ReconItemDraft } from './reconcile';

/** A row of payout.recon_runs. */
export interface ReconRunRow {
  id: string;
  kind: 'statement' | 'result' | 'callback';
  file_name: string | null;
  statement_date: string | null;
  line_count: number;
  matched: number;
  exceptions: number;
}

/** A row of payout.recon_items. */
export interface ReconItemRow {
  id: string;
  run_id: string;
  line_no: number | null;
  instruction_id: string | null;
  classification: ReconClass;
  expected_fen: number | null;
  actual_fen: number | null;
  bank_ref: string | null;
  detail: string | null;
  resolution: string | null;
}

export interface NewReconRun {
  id: string;
  kind: 'statement' | 'result';
  fileName: string | null;
  fileId: string;
  statementDate: string | null;
  batchId: string | null;
  importedBy: string | null;
  lineCount: number;
  matched: number;
  exceptions: number;
}

/**
 * Every SQL statement of reconciliation (对账): runs and their items, and the reads of the
 * instructions a file or statement is compared with. What a line means, what is applied and which
 * resolution is allowed are ReconciliationService's (and reconcile.ts'), unit-tested without a database.
 */
@Injectable()
export class ReconciliationRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Ids of the batch's settled instructions. */
  async settledInBatch(batchId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM payout.instructions WHERE batch_id = $1 AND status = 'settled'`, [batchId]);
    return rows.map((r) => r.id);
  }

  /** Ids of the instructions settled on the day (yyyy-mm-dd, Beijing time). */
  async settledOn(date: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM payout.instructions WHERE status = 'settled' AND (settled_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date`,
      [date],
    );
    return rows.map((r) => r.id);
  }

  /** Amount and status of the instructions with these ids (uuids only: the caller filters). */
  async instructions(ids: string[]): Promise<PlatformInstruction[]> {
    const rows: Array<{ id: string; amount_fen: number; status: string }> = await this.dataSource.query(
      `SELECT id, amount_fen, status FROM payout.instructions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({ id: r.id, amountFen: Number(r.amount_fen), status: r.status }));
  }

  /** Whether a reissue (重新支付) of the instruction exists. */
  async hasReissue(instructionId: string | null): Promise<boolean> {
    const [r] = await this.dataSource.query(`SELECT 1 FROM payout.instructions WHERE reissue_of = $1`, [instructionId]);
    return Boolean(r);
  }

  /** The run and its items, in one statement each. */
  async insertRun(m: EntityManager, run: NewReconRun, items: Array<ReconItemDraft & { id: string }>): Promise<void> {
    await m.query(
      `INSERT INTO payout.recon_runs (id, kind, file_name, file_id, statement_date, batch_id, imported_by, line_count, matched, exceptions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [run.id, run.kind, run.fileName, run.fileId, run.statementDate, run.batchId, run.importedBy, run.lineCount, run.matched, run.exceptions],
    );
    if (items.length) {
      await m.query(
        `INSERT INTO payout.recon_items (id, run_id, line_no, instruction_id, classification, expected_fen, actual_fen, bank_ref, detail)
         SELECT u.id, $1, u.line_no, u.instruction_id, u.cls, u.expected, u.actual, u.ref, u.detail
         FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
           AS u(id, line_no, instruction_id, cls, expected, actual, ref, detail)`,
        [
          run.id,
          items.map((i) => i.id),
          items.map((i) => i.lineNo),
          items.map((i) => i.instructionId),
          items.map((i) => i.classification),
          items.map((i) => i.expectedFen),
          items.map((i) => i.actualFen),
          items.map((i) => i.bankRef),
          items.map((i) => i.detail),
        ],
      );
    }
  }

  async findRun(id: string): Promise<ReconRunRow | null> {
    const [r]: ReconRunRow[] = await this.dataSource.query(`SELECT * FROM payout.recon_runs WHERE id = $1`, [id]);
    return r ?? null;
  }

  /** The run's items counted per classification. */
  async countByClass(runId: string): Promise<Record<string, number>> {
    const by: Array<{ classification: string; n: number }> = await this.dataSource.query(
      `SELECT classification, count(*)::int AS n FROM payout.recon_items WHERE run_id = $1 GROUP BY classification`,
      [runId],
    );
    return Object.fromEntries(by.map((b) => [b.classification, b.n]));
  }

  /** Items other than matched ones (at most 1000); unresolved ones only unless `includeResolved`. */
  async exceptions(filter: { runId?: string; includeResolved?: boolean }): Promise<ReconItemRow[]> {
    const params: unknown[] = [];
    const where = [`classification <> 'matched'`];
    if (filter.runId) where.push(`run_id = $${params.push(filter.runId)}`);
    if (!filter.includeResolved) where.push(`resolution IS NULL`);
    return this.dataSource.query(
      `SELECT * FROM payout.recon_items WHERE ${where.join(' AND ')} ORDER BY run_id, line_no NULLS LAST, id LIMIT 1000`,
      params,
    );
  }

  async findItem(id: string): Promise<ReconItemRow | null> {
    const [item]: ReconItemRow[] = await this.dataSource.query(`SELECT * FROM payout.recon_items WHERE id = $1`, [id]);
    return item ?? null;
  }

  /** Records the resolution unless the item already has one; the updated row, or null when it had. */
  async resolve(m: EntityManager, id: string, resolution: string, by: string, note: string | null): Promise<ReconItemRow | null> {
    const [row] = await mutateReturning<ReconItemRow>(
      m,
      `UPDATE payout.recon_items SET resolution = $2, resolved_by = $3, resolved_at = now(), resolution_note = $4 WHERE id = $1 AND resolution IS NULL RETURNING *`,
      [id, resolution, by, note],
    );
    return row ?? null;
  }
}
