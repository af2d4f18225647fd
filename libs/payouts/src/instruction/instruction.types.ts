import type { InstructionStatus } from './instruction.states';

/** A payout instruction as shown to finance staff: the account only masked. */
export interface PayoutInstructionView {
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

export interface InstructionRow {
  id: string;
  application_id: string;
  enterprise_id: string;
  enterprise_name: string;
  item_id: string;
  item_name: string;
  department_code: string;
  district_code: string | null;
  fund_pool_id: string;
  budget_subject: string;
  amount_fen: string | number;
  payee_name: string;
  payee_account_encrypted: string;
  payee_account_masked: string;
  payee_bank_name: string | null;
  status: InstructionStatus;
  batch_id: string | null;
  chunk_id: string | null;
  reissue_of: string | null;
  send_attempts: number;
  treasury_ref: string | null;
  result_reason: string | null;
  created_at: Date | string;
  settled_at: Date | string | null;
}

/** Filters finance staff use to pick ready instructions (by policy item, department, pool). */
export interface InstructionFilter {
  itemId?: string;
  departmentCode?: string;
  fundPoolId?: string;
  status?: InstructionStatus;
  batchId?: string;
  applicationId?: string;
}
