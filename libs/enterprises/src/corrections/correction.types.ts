/** 数据异议: a firm disputes a value a data source supplied; the source's department resolves it. */
export type CorrectionState = 'pending' | 'accepted' | 'rejected';

export const CORRECTION_STATE_LABELS: Record<CorrectionState, string> = { pending: '待核实', accepted: '已更正', rejected: '不予更正' };

export interface CorrectionRow {
  id: string;
  enterprise_id: string;
  fact: string;
  current_value: unknown;
  claimed_value: unknown;
  evidence: string;
  source: string;
  source_record_id: string | null;
  department: string;
  state: CorrectionState;
  attachment_key: string | null;
  attachment_name: string | null;
  attachment_type: string | null;
  corrected_value: unknown;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  result_version: number | null;
  created_by: string;
  created_at: Date;
  enterprise_name?: string;
}
