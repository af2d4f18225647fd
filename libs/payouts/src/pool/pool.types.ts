/** 资金池 as finance sees it: budget (额度), what is committed, what is left, who pays. */
export interface FundPoolView {
  id: string;
  itemId: string | null;
  itemName: string | null;
  departmentCode: string | null;
  /** `finance` (财政直接支付) or `department` (the department's own account). */
  payer: 'finance' | 'department';
  /** The payer code batches of this pool carry: `finance` or the department's code. */
  payerCode: string;
  budgetFen: number | null;
  committedFen: number;
  availableFen: number | null;
  /** 预算指标: the ceiling top-ups may not exceed (null: none set). */
  budgetLineFen: number | null;
  updatedAt: string;
}

export const MOVEMENT_KINDS = ['top_up', 'transfer'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export const MOVEMENT_STATUSES = ['requested', 'approved', 'rejected'] as const;
export type MovementStatus = (typeof MOVEMENT_STATUSES)[number];

/** 追加 (top-up) or 调拨 (transfer between pools), requested by a finance maker, decided by a different checker. */
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

/** One change of a pool's budget or commitment. */
export interface PoolHistoryEntry {
  id: number;
  at: string;
  /** opened, top_up, transfer_in, transfer_out, commit, release, budget (settings). */
  cause: string;
  ref: string | null;
  budgetDeltaFen: number;
  committedDeltaFen: number;
  budgetFen: number | null;
  committedFen: number;
  availableFen: number | null;
}
