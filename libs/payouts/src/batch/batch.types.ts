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
  /** Instructions of the batch per status (after approval: progress of sending). */
  progress: Record<string, number>;
}

export interface BatchPreview {
  count: number;
  totalFen: number;
  totalText: string;
  byPool: Array<{ fundPoolId: string; itemName: string | null; count: number; totalFen: number; budgetFen: number | null; committedFen: number }>;
}
