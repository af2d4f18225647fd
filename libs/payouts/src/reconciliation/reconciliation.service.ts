import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService, mutateReturning, notFound, Principal, uuid7 } from '@app/core';
import { PayoutErrors, payoutError } from '../payout.errors';
import { PayoutSender } from '../sending/payout-sender';
import { FixedWidthError } from '../treasury/file/fixed-width';
import { parseTreasuryFile, TreasuryFile } from '../treasury/file/treasury-file.format';
import { TREASURY_PORT, TreasuryPort, TreasuryResult } from '../treasury/treasury.port';
import { classifyStatement, PlatformInstruction, RECON_CLASS_LABELS, ReconClass, ReconItemDraft, RESOLUTIONS, StatementLine } from './reconcile';

export interface ReconRunView {
  id: string;
  kind: 'statement' | 'result' | 'callback';
  fileName: string | null;
  statementDate: string | null;
  lineCount: number;
  matched: number;
  exceptions: number;
  byClass: Record<string, number>;
}

export interface ReconItemView {
  id: string;
  runId: string;
  lineNo: number | null;
  instructionId: string | null;
  classification: ReconClass;
  classificationLabel: string;
  expectedFen: number | null;
  actualFen: number | null;
  bankRef: string | null;
  detail: string | null;
  resolution: string | null;
  allowedResolutions: string[];
}

interface ItemRow {
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

const RESULT_CODE: Record<string, TreasuryResult['status']> = { S: 'settled', R: 'returned', F: 'failed' };

/**
 * 对账: imports the treasury's result file (applies results) or the bank statement (classifies every
 * line and every paid instruction), keeps the exceptions for finance with their resolution actions.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: PayoutSender,
    private readonly audit: AuditService,
    @Inject(TREASURY_PORT) private readonly treasury: TreasuryPort,
  ) {}

  private parse(content: string, type: 'RES1' | 'STM1'): TreasuryFile {
    try {
      return parseTreasuryFile(content, type);
    } catch (err) {
      if (err instanceof FixedWidthError) throw payoutError(PayoutErrors.ReconFileInvalid, `文件格式错误：${err.message}`, { line: err.line });
      throw err;
    }
  }

  /** 回执文件: results for instructions sent as files; applied through the same guarded path as the live sender. */
  async importResultFile(user: Principal | null, input: { content: string; fileName?: string }): Promise<ReconRunView> {
    const file = this.parse(input.content, 'RES1');
    const at = new Date().toISOString();
    const results: TreasuryResult[] = file.details.map((d) => ({
      instructionId: d.instructionId,
      status: RESULT_CODE[d.status] ?? 'failed',
      amountFen: Number(d.amountFen),
      bankRef: d.bankRef || null,
      reason: d.reason || null,
      at,
    }));
    const platform = await this.platform(results.map((r) => r.instructionId));
    const items: ReconItemDraft[] = [];
    const apply: TreasuryResult[] = [];
    file.details.forEach((d, i) => {
      const r = results[i];
      const ins = platform.get(r.instructionId);
      const base = { lineNo: i + 1, expectedFen: ins?.amountFen ?? null, actualFen: r.amountFen, bankRef: r.bankRef };
      if (!ins) items.push({ ...base, instructionId: null, classification: 'unknown_at_bank', detail: `回执指令号 ${r.instructionId}` });
      else if (ins.amountFen !== r.amountFen) items.push({ ...base, instructionId: ins.id, classification: 'amount_mismatch', detail: '回执金额与指令不符，未入账' });
      else {
        apply.push(r);
        items.push({ ...base, instructionId: ins.id, classification: r.status === 'returned' ? 'returned' : 'matched', detail: r.status === 'failed' ? `支付失败：${r.reason ?? ''}` : null });
      }
    });
    await this.sender.recordResults(apply, 'result_file');
    return this.saveRun(user, 'result', input.fileName ?? null, file, null, items);
  }

  /** 银行对账单: every line and every instruction paid in the scope (a batch, or the statement's date). */
  async importStatement(user: Principal | null, input: { content: string; fileName?: string; batchId?: string }): Promise<ReconRunView> {
    const file = this.parse(input.content, 'STM1');
    const lines: StatementLine[] = file.details.map((d, i) => ({
      lineNo: i + 1,
      instructionId: d.instructionId,
      direction: d.direction === 'C' ? 'C' : 'D',
      amountFen: Number(d.amountFen),
      bankRef: d.bankRef || null,
    }));
    const expected: Array<{ id: string }> = input.batchId
      ? await this.dataSource.query(`SELECT id FROM payout.instructions WHERE batch_id = $1 AND status = 'settled'`, [input.batchId])
      : await this.dataSource.query(
          `SELECT id FROM payout.instructions WHERE status = 'settled' AND (settled_at AT TIME ZONE 'Asia/Shanghai')::date = $1::date`,
          [file.header.statementDate ?? new Date().toISOString().slice(0, 10)],
        );
    const platform = await this.platform([...lines.map((l) => l.instructionId), ...expected.map((e) => e.id)]);
    const items = classifyStatement(lines, platform, expected.map((e) => e.id));
    // A return seen on the statement is booked (late return after settlement); a debit for an instruction still in flight settles it.
    const at = new Date().toISOString();
    const apply: TreasuryResult[] = [];
    for (const it of items) {
      if (!it.instructionId) continue;
      const st = platform.get(it.instructionId)?.status;
      if (it.classification === 'returned' && st !== 'returned') apply.push({ instructionId: it.instructionId, status: 'returned', amountFen: it.actualFen, bankRef: it.bankRef, reason: '对账单显示退回', at });
      if (it.classification === 'matched' && (st === 'sent' || st === 'sending')) apply.push({ instructionId: it.instructionId, status: 'settled', amountFen: it.actualFen, bankRef: it.bankRef, reason: null, at });
    }
    if (apply.length) await this.sender.recordResults(apply, 'bank_statement');
    return this.saveRun(user, 'statement', input.fileName ?? null, file, input.batchId ?? null, items);
  }

  private async platform(ids: string[]): Promise<Map<string, PlatformInstruction>> {
    const valid = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (valid.length === 0) return new Map();
    const rows: Array<{ id: string; amount_fen: number; status: string }> = await this.dataSource.query(
      `SELECT id, amount_fen, status FROM payout.instructions WHERE id = ANY($1::uuid[])`,
      [valid],
    );
    return new Map(rows.map((r) => [r.id, { id: r.id, amountFen: Number(r.amount_fen), status: r.status }]));
  }

  private async saveRun(user: Principal | null, kind: 'statement' | 'result', fileName: string | null, file: TreasuryFile, batchId: string | null, items: ReconItemDraft[]): Promise<ReconRunView> {
    const id = uuid7();
    const matched = items.filter((i) => i.classification === 'matched').length;
    await this.dataSource.transaction(async (m) => {
      await m.query(
        `INSERT INTO payout.recon_runs (id, kind, file_name, file_id, statement_date, batch_id, imported_by, line_count, matched, exceptions)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, kind, fileName, file.header.fileId, file.header.statementDate, batchId, user?.id ?? null, file.count, matched, items.length - matched],
      );
      if (items.length) {
        await m.query(
          `INSERT INTO payout.recon_items (id, run_id, line_no, instruction_id, classification, expected_fen, actual_fen, bank_ref, detail)
           SELECT u.id, $1, u.line_no, u.instruction_id, u.cls, u.expected, u.actual, u.ref, u.detail
           FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[])
             AS u(id, line_no, instruction_id, cls, expected, actual, ref, detail)`,
          [
            id,
            items.map(() => uuid7()),
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
      await this.audit.record(
        { actor: user, action: `payout.recon.import_${kind}`, targetType: 'payout_recon_run', targetId: id, details: { fileId: file.header.fileId, lines: file.count, matched, exceptions: items.length - matched } },
        m,
      );
    });
    return this.getRun(id);
  }

  async getRun(id: string): Promise<ReconRunView> {
    const [r] = await this.dataSource.query(`SELECT * FROM payout.recon_runs WHERE id = $1`, [id]);
    if (!r) throw notFound('PAYOUT_RECON', id);
    const by: Array<{ classification: string; n: number }> = await this.dataSource.query(
      `SELECT classification, count(*)::int AS n FROM payout.recon_items WHERE run_id = $1 GROUP BY classification`,
      [id],
    );
    return {
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      statementDate: r.statement_date,
      lineCount: r.line_count,
      matched: r.matched,
      exceptions: r.exceptions,
      byClass: Object.fromEntries(by.map((b) => [b.classification, b.n])),
    };
  }

  /** Exceptions for finance: unresolved by default. */
  async exceptions(filter: { runId?: string; includeResolved?: boolean }): Promise<ReconItemView[]> {
    const params: unknown[] = [];
    const where = [`classification <> 'matched'`];
    if (filter.runId) where.push(`run_id = $${params.push(filter.runId)}`);
    if (!filter.includeResolved) where.push(`resolution IS NULL`);
    const rows: ItemRow[] = await this.dataSource.query(
      `SELECT * FROM payout.recon_items WHERE ${where.join(' AND ')} ORDER BY run_id, line_no NULLS LAST, id LIMIT 1000`,
      params,
    );
    return rows.map(toItemView);
  }

  async resolve(user: Principal, itemId: string, action: string, note: string | null): Promise<ReconItemView> {
    const [item]: ItemRow[] = await this.dataSource.query(`SELECT * FROM payout.recon_items WHERE id = $1`, [itemId]);
    if (!item) throw notFound('PAYOUT_RECON', itemId);
    const allowed = item.classification === 'matched' ? [] : RESOLUTIONS[item.classification];
    if (!allowed.includes(action)) throw payoutError(PayoutErrors.ReconResolutionInvalid, `“${RECON_CLASS_LABELS[item.classification]}”不能以 ${action} 处理`, { allowed });
    if (action === 'reissued') {
      const [r] = await this.dataSource.query(`SELECT 1 FROM payout.instructions WHERE reissue_of = $1`, [item.instruction_id]);
      if (!r) throw payoutError(PayoutErrors.ReconResolutionInvalid, '请先为退回的指令重新支付（更正账户）');
    }
    if (action === 'requeried' && item.instruction_id) {
      const results = (await this.treasury.status([item.instruction_id])).filter((s) => s.status === 'returned' || s.status === 'failed');
      if (results.length) await this.sender.recordResults(results, 'recon_requery');
    }
    return this.dataSource.transaction(async (m) => {
      const [row] = await mutateReturning<ItemRow>(
        m,
        `UPDATE payout.recon_items SET resolution = $2, resolved_by = $3, resolved_at = now(), resolution_note = $4 WHERE id = $1 AND resolution IS NULL RETURNING *`,
        [itemId, action, user.id, note],
      );
      if (!row) throw payoutError('PAYOUT_RECON.INVALID_STATE', '该差异已处理');
      await this.audit.record({ actor: user, action: 'payout.recon.resolve', targetType: 'payout_recon_item', targetId: itemId, before: item, after: row, details: { action, note } }, m);
      return toItemView(row);
    });
  }
}

function toItemView(r: ItemRow): ReconItemView {
  return {
    id: r.id,
    runId: r.run_id,
    lineNo: r.line_no,
    instructionId: r.instruction_id,
    classification: r.classification,
    classificationLabel: RECON_CLASS_LABELS[r.classification],
    expectedFen: r.expected_fen === null ? null : Number(r.expected_fen),
    actualFen: r.actual_fen === null ? null : Number(r.actual_fen),
    bankRef: r.bank_ref,
    detail: r.detail,
    resolution: r.resolution,
    allowedResolutions: r.classification === 'matched' || r.resolution ? [] : RESOLUTIONS[r.classification],
  };
}
