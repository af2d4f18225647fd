/**
 * Classification of a bank statement against the platform's instructions (对账), pure. Lines are
 * matched by instruction id:
 *
 *   matched          debited once for the instruction's amount
 *   returned         debited and credited back (or only the credit of an earlier debit)
 *   amount_mismatch  debited for another amount
 *   unknown_at_bank  a bank line whose instruction id the platform does not know
 *   missing_at_bank  the platform holds the instruction as paid, the statement has no line for it
 *   unconfirmed_return  a callback or result file said "returned" for a settled instruction and nothing
 *                    confirmed it (not booked; see SendingRepository.recordUnconfirmedReturns)
 */
export const RECON_CLASSES = ['matched', 'returned', 'missing_at_bank', 'unknown_at_bank', 'amount_mismatch', 'unconfirmed_return'] as const;
export type ReconClass = (typeof RECON_CLASSES)[number];

export const RECON_CLASS_LABELS: Record<ReconClass, string> = {
  matched: '核对一致',
  returned: '银行退回',
  missing_at_bank: '平台已付、银行无记录',
  unknown_at_bank: '银行有记录、平台无对应指令',
  amount_mismatch: '金额不一致',
  unconfirmed_return: '退回未经银行确认（未入账）',
};

/** What finance may do about each kind of exception. */
export const RESOLUTIONS: Record<Exclude<ReconClass, 'matched'>, string[]> = {
  returned: ['reissued', 'acknowledged'],
  missing_at_bank: ['requeried', 'acknowledged'],
  unknown_at_bank: ['acknowledged', 'written_off'],
  amount_mismatch: ['acknowledged', 'written_off'],
  unconfirmed_return: ['requeried', 'acknowledged'],
};

export interface StatementLine {
  lineNo: number;
  instructionId: string;
  direction: 'D' | 'C';
  amountFen: number;
  bankRef: string | null;
}

export interface PlatformInstruction {
  id: string;
  amountFen: number;
  status: string;
}

export interface ReconItemDraft {
  lineNo: number | null;
  instructionId: string | null;
  classification: ReconClass;
  expectedFen: number | null;
  actualFen: number | null;
  bankRef: string | null;
  detail: string | null;
}

export function classifyStatement(
  lines: StatementLine[],
  platform: Map<string, PlatformInstruction>,
  /** Instructions the statement should cover (paid in its period or batch). */
  expectedPaid: Iterable<string>,
): ReconItemDraft[] {
  const out: ReconItemDraft[] = [];
  const byId = new Map<string, StatementLine[]>();
  for (const l of lines) {
    if (!platform.has(l.instructionId)) {
      out.push({ lineNo: l.lineNo, instructionId: null, classification: 'unknown_at_bank', expectedFen: null, actualFen: l.amountFen, bankRef: l.bankRef, detail: `附言指令号 ${l.instructionId}` });
      continue;
    }
    const list = byId.get(l.instructionId) ?? [];
    list.push(l);
    byId.set(l.instructionId, list);
  }
  for (const [id, ls] of byId) {
    const ins = platform.get(id) as PlatformInstruction;
    const debit = ls.filter((l) => l.direction === 'D').reduce((s, l) => s + l.amountFen, 0);
    const credit = ls.filter((l) => l.direction === 'C').reduce((s, l) => s + l.amountFen, 0);
    const first = ls[0];
    const base = { lineNo: first.lineNo, instructionId: id, expectedFen: ins.amountFen, bankRef: first.bankRef };
    if (credit > 0) {
      const ok = credit === ins.amountFen && (debit === 0 || debit === ins.amountFen);
      out.push({ ...base, classification: ok ? 'returned' : 'amount_mismatch', actualFen: credit, detail: ok ? '收款行退回' : `退回金额 ${credit} 与指令金额不符` });
    } else if (debit !== ins.amountFen) {
      out.push({ ...base, classification: 'amount_mismatch', actualFen: debit, detail: `银行扣款 ${debit}，指令金额 ${ins.amountFen}` });
    } else {
      out.push({ ...base, classification: 'matched', actualFen: debit, detail: null });
    }
  }
  for (const id of expectedPaid) {
    if (!byId.has(id)) {
      const ins = platform.get(id);
      out.push({ lineNo: null, instructionId: id, classification: 'missing_at_bank', expectedFen: ins?.amountFen ?? null, actualFen: null, bankRef: null, detail: '对账单中无此笔支付' });
    }
  }
  return out;
}
