import type { InstructionFilter } from '../instruction/instruction.types';

export const BATCH_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'sending', 'completed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  draft: '经办组批',
  submitted: '待复核',
  approved: '复核通过',
  rejected: '复核退回',
  sending: '支付中',
  completed: '支付完成',
};

export type BatchFilter = Pick<InstructionFilter, 'itemId' | 'departmentCode' | 'fundPoolId'>;

/** Who pays a batch: `finance` (财政) or a department's code (its own account). */
export type PayerCode = string;
export const FINANCE_PAYER: PayerCode = 'finance';

/** How the batch came to be: by a maker's hand, or by the auto-batcher. */
export type BatchOrigin = 'manual' | 'auto';
/** Who approved it: a human checker, or the rule-based auto-check (below AUTO_CHECK_MAX_FEN). */
export type BatchApproval = 'checker' | 'auto_check';

/** One rule of the auto-check and whether the batch passed it. */
export interface AutoCheckRule {
  rule: 'total_under_limit' | 'no_reissues' | 'pool_capacity';
  passed: boolean;
  detail: string;
}

export interface AutoCheckResult {
  passed: boolean;
  limitFen: number;
  rules: AutoCheckRule[];
}

export interface BatchView {
  id: string;
  batchNo: string;
  title: string;
  status: BatchStatus;
  statusLabel: string;
  filter: BatchFilter;
  /** `finance` or the paying department's code. */
  payerCode: PayerCode;
  origin: BatchOrigin;
  approval: BatchApproval | null;
  /** The auto-check's verdict, rule by rule (auto-batches only). */
  autoCheck: AutoCheckResult | null;
  instructionCount: number;
  totalFen: number;
  totalText: string;
  createdBy: string;
  createdByName: string | null;
  submittedBy: string | null;
  approvedBy: string | null;
  rejectedBy: string | null;
  rejectReason: string | null;
  createdAt: string;
  approvedAt: string | null;
  completedAt: string | null;
  /** Instructions of the batch per status (after approval: progress of sending). */
  progress: Record<string, number>;
}

export interface BatchPreview {
  count: number;
  totalFen: number;
  totalText: string;
  byPool: Array<{ fundPoolId: string; itemName: string | null; count: number; totalFen: number; budgetFen: number | null; committedFen: number }>;
}
