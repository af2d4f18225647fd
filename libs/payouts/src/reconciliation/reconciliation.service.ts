import { Inject, Injectable } from '@nestjs/common';
import { AuditService, notFound, Principal, uuid7 } from '@app/core';
import { PayoutErrors, payoutError } from '../payout.errors';
import { PayoutSender } from '../sending/payout-sender';
import { FixedWidthError } from '../treasury/file/fixed-width';
import { parseTreasuryFile, TreasuryFile } from '../treasury/file/treasury-file.format';
import { TREASURY_PORT, TreasuryPort, TreasuryResult } from '../treasury/treasury.port';
import { classifyStatement, PlatformInstruction, RECON_CLASS_LABELS, ReconClass, ReconItemDraft, RESOLUTIONS, StatementLine } from './reconcile';
import { ReconciliationRepository, ReconItemRow } from './reconciliation.repository';

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

const RESULT_CODE: Record<string, TreasuryResult['status']> = { S: 'settled', R: 'returned', F: 'failed' };

/**
 * 对账: imports the treasury's result file (applies results) or the bank statement (classifies every
 * line and every paid instruction), keeps the exceptions for finance with their resolution actions.
 * All SQL is in ReconciliationRepository.
 */
@Injectable()
export class ReconciliationService {
  constructor(
    private readonly repo: ReconciliationRepository,
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
    const expected = input.batchId
      ? await this.repo.settledInBatch(input.batchId)
      : await this.repo.settledOn(file.header.statementDate ?? new Date().toISOString().slice(0, 10));
    const platform = await this.platform([...lines.map((l) => l.instructionId), ...expected]);
    const items = classifyStatement(lines, platform, expected);
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
    return new Map((await this.repo.instructions(valid)).map((r) => [r.id, r]));
  }

  private async saveRun(user: Principal | null, kind: 'statement' | 'result', fileName: string | null, file: TreasuryFile, batchId: string | null, items: ReconItemDraft[]): Promise<ReconRunView> {
    const id = uuid7();
    const matched = items.filter((i) => i.classification === 'matched').length;
    await this.repo.transaction(async (m) => {
      await this.repo.insertRun(
        m,
        { id, kind, fileName, fileId: file.header.fileId, statementDate: file.header.statementDate, batchId, importedBy: user?.id ?? null, lineCount: file.count, matched, exceptions: items.length - matched },
        items.map((i) => ({ ...i, id: uuid7() })),
      );
      await this.audit.record(
        { actor: user, action: `payout.recon.import_${kind}`, targetType: 'payout_recon_run', targetId: id, details: { fileId: file.header.fileId, lines: file.count, matched, exceptions: items.length - matched } },
        m,
      );
    });
    return this.getRun(id);
  }

  async getRun(id: string): Promise<ReconRunView> {
    const r = await this.repo.findRun(id);
    if (!r) throw notFound('PAYOUT_RECON', id);
    const byClass = await this.repo.countByClass(id);
    return {
      id: r.id,
      kind: r.kind,
      fileName: r.file_name,
      statementDate: r.statement_date,
      lineCount: r.line_count,
      matched: r.matched,
      exceptions: r.exceptions,
      byClass,
    };
  }

  /** Exceptions for finance: unresolved by default. */
  async exceptions(filter: { runId?: string; includeResolved?: boolean }): Promise<ReconItemView[]> {
    return (await this.repo.exceptions(filter)).map(toItemView);
  }

  async resolve(user: Principal, itemId: string, action: string, note: string | null): Promise<ReconItemView> {
    const item = await this.repo.findItem(itemId);
    if (!item) throw notFound('PAYOUT_RECON', itemId);
    const allowed = item.classification === 'matched' ? [] : RESOLUTIONS[item.classification];
    if (!allowed.includes(action)) throw payoutError(PayoutErrors.ReconResolutionInvalid, `“${RECON_CLASS_LABELS[item.classification]}”不能以 ${action} 处理`, { allowed });
    if (action === 'reissued') {
      if (!(await this.repo.hasReissue(item.instruction_id))) throw payoutError(PayoutErrors.ReconResolutionInvalid, '请先为退回的指令重新支付（更正账户）');
    }
    if (action === 'requeried' && item.instruction_id) {
      const results = (await this.treasury.status([item.instruction_id])).filter((s) => s.status === 'returned' || s.status === 'failed');
      if (results.length) await this.sender.recordResults(results, 'recon_requery');
    }
    return this.repo.transaction(async (m) => {
      const row = await this.repo.resolve(m, itemId, action, user.id, note);
      if (!row) throw payoutError('PAYOUT_RECON.INVALID_STATE', '该差异已处理');
      await this.audit.record({ actor: user, action: 'payout.recon.resolve', targetType: 'payout_recon_item', targetId: itemId, before: item, after: row, details: { action, note } }, m);
      return toItemView(row);
    });
  }
}

function toItemView(r: ReconItemRow): ReconItemView {
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
