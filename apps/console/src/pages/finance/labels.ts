import type { BatchStatus, FundPool, InstructionStatus, MovementKind, MovementStatus } from '../../api/types';

/**
 * What the finance pages show for the payout center's codes: labels and tag colours, client-side
 * only. The response shapes themselves are the API's (`api/types.ts`, generated from the OpenAPI document).
 */
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

export const MOVEMENT_KIND_LABELS: Record<MovementKind, string> = { top_up: '追加额度', transfer: '资金池调拨' };
export const MOVEMENT_STATUS_LABELS: Record<MovementStatus, string> = { requested: '待复核', approved: '已批准', rejected: '已退回' };
export const MOVEMENT_STATUS_COLORS: Record<MovementStatus, string> = { requested: 'processing', approved: 'success', rejected: 'error' };

export const HISTORY_CAUSE_LABELS: Record<string, string> = {
  opened: '开设资金池',
  top_up: '追加额度',
  transfer_in: '调入',
  transfer_out: '调出',
  commit: '预算占用',
  release: '释放占用',
  budget: '调整设置',
};

export const PAYER_LABELS: Record<FundPool['payer'], string> = { finance: '财政直接支付', department: '主管部门支付' };

/** A pool as people name it: its item, else its id. */
export const poolName = (p: Pick<FundPool, 'id' | 'itemName'>): string => p.itemName ?? p.id;
