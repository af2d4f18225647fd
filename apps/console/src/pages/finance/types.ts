/**
 * Response shapes of the payout center's routes, which the OpenAPI document does not type yet
 * (`content?: never`); copied from libs/payouts (BatchView, PayoutInstructionView, …). Drop them for
 * `api/types.ts` aliases once the controllers declare their responses.
 */

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type BatchStatus = 'draft' | 'submitted' | 'approved' | 'rejected' | 'sending' | 'completed';
export type InstructionStatus = 'created' | 'batched' | 'submitted' | 'approved' | 'sending' | 'sent' | 'settled' | 'returned' | 'failed' | 'cancelled';

export interface BatchFilter {
  itemId?: string;
  departmentCode?: string;
  fundPoolId?: string;
}

export interface BatchView {
  id: string;
  batchNo: string;
  title: string;
  status: BatchStatus;
  statusLabel: string;
  filter: BatchFilter;
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
  progress: Record<string, number>;
}

export interface BatchPreview {
  count: number;
  totalFen: number;
  totalText: string;
  byPool: Array<{ fundPoolId: string; itemName: string | null; count: number; totalFen: number; budgetFen: number | null; committedFen: number }>;
}

export interface PayoutInstruction {
  id: string;
  applicationId: string;
  enterpriseId: string;
  enterpriseName: string;
  itemId: string;
  itemName: string;
  departmentCode: string;
  districtCode: string | null;
  fundPoolId: string;
  budgetSubject: string;
  amountFen: number;
  amountText: string;
  payeeName: string;
  payeeAccountMasked: string;
  payeeBankName: string | null;
  status: InstructionStatus;
  statusLabel: string;
  batchId: string | null;
  reissueOf: string | null;
  sendAttempts: number;
  treasuryRef: string | null;
  resultReason: string | null;
  createdAt: string;
  settledAt: string | null;
}

export interface JournalEntry {
  kind: string;
  postedAt: string;
  lines: Array<{ account: string; amountFen: number }>;
}

export interface LedgerBalance {
  fundPoolId: string;
  account: string;
  accountLabel: string;
  balanceFen: number;
  balanceText: string;
}

export interface LedgerCheck {
  ok: boolean;
  entries: number;
  lines: number;
  totalFen: number;
  unbalancedEntries: string[];
  balanceMismatches: Array<{ fundPoolId: string; account: string; ledgerFen: number; expectedFen: number }>;
  poolMismatches: Array<{ fundPoolId: string; committedFen: number; ledgerFen: number }>;
  duplicatePostings: number;
  doublePayments: Array<{ applicationId: string; instructionIds: string[]; settledFen: number }>;
  unconfirmedLateReturns: string[];
  bankClearingFen: number;
}

export interface ReconItem {
  id: string;
  runId: string;
  lineNo: number | null;
  instructionId: string | null;
  classification: string;
  classificationLabel: string;
  expectedFen: number | null;
  actualFen: number | null;
  bankRef: string | null;
  detail: string | null;
  resolution: string | null;
  allowedResolutions: string[];
}

export type ReportGrouping = 'item' | 'department' | 'district' | 'day';

export interface PaidReport {
  groupBy: ReportGrouping;
  from: string | null;
  to: string | null;
  rows: Array<{ key: string; label: string; count: number; totalFen: number; totalText: string }>;
  count: number;
  totalFen: number;
  withoutDistrict?: number;
}

export const BATCH_STATUS_LABELS: Record<BatchStatus, string> = {
  draft: '经办组批',
  submitted: '待复核',
  approved: '复核通过',
  rejected: '复核退回',
  sending: '支付中',
  completed: '支付完成',
};

export const BATCH_STATUS_COLORS: Record<BatchStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  approved: 'blue',
  rejected: 'error',
  sending: 'gold',
  completed: 'success',
};

export const INSTRUCTION_STATUS_LABELS: Record<InstructionStatus, string> = {
  created: '待组批',
  batched: '已组批',
  submitted: '已提交复核',
  approved: '复核通过',
  sending: '发送中',
  sent: '已发送',
  settled: '已到账',
  returned: '已退回',
  failed: '支付失败',
  cancelled: '已撤销',
};

export const INSTRUCTION_STATUS_COLORS: Partial<Record<InstructionStatus, string>> = {
  created: 'default',
  batched: 'default',
  submitted: 'processing',
  approved: 'blue',
  sending: 'gold',
  sent: 'gold',
  settled: 'success',
  returned: 'error',
  failed: 'error',
  cancelled: 'default',
};

export const RESOLUTION_LABELS: Record<string, string> = {
  acknowledged: '确认知悉',
  requeried: '重新查询结果',
  reissued: '已重新支付',
  written_off: '核销',
};

export const JOURNAL_KIND_LABELS: Record<string, string> = {
  commit: '预算占用',
  send: '发送支付',
  settle: '支付到账',
  return: '退回',
  fail: '支付失败',
  release: '释放预算',
};

export const ACCOUNT_LABELS: Record<string, string> = {
  fund_pool_budget: '资金池预算指标',
  payable_enterprises: '应付企业款',
  bank_clearing: '银行清算',
  returned_funds: '退回资金',
};
