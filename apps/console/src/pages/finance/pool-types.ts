/**
 * Response shapes of the fund-pool routes (资金池, `/payouts/pools*`), which the OpenAPI document does
 * not type yet; copied from libs/payouts/src/pool/pool.types.ts.
 */
export interface FundPoolView {
  id: string;
  itemId: string | null;
  itemName: string | null;
  departmentCode: string | null;
  payer: 'finance' | 'department';
  payerCode: string;
  budgetFen: number | null;
  committedFen: number;
  availableFen: number | null;
  budgetLineFen: number | null;
  updatedAt: string;
}

export type MovementKind = 'top_up' | 'transfer';
export type MovementStatus = 'requested' | 'approved' | 'rejected';

export interface PoolMovementView {
  id: string;
  kind: MovementKind;
  fromPoolId: string | null;
  toPoolId: string;
  amountFen: number;
  amountText: string;
  reason: string;
  status: MovementStatus;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
}

export interface PoolHistoryEntry {
  id: number;
  at: string;
  cause: string;
  ref: string | null;
  budgetDeltaFen: number;
  committedDeltaFen: number;
  budgetFen: number | null;
  committedFen: number;
  availableFen: number | null;
}

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

export const PAYER_LABELS: Record<FundPoolView['payer'], string> = { finance: '财政直接支付', department: '主管部门支付' };

/** A pool as people name it: its item, else its id. */
export const poolName = (p: Pick<FundPoolView, 'id' | 'itemName'>): string => p.itemName ?? p.id;
