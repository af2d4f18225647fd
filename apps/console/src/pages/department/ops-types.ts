/** Approval-center answers the OpenAPI document does not type yet (mirrors libs/approvals). */
export interface ApplicationRow {
  id: string;
  enterpriseName: string;
  itemId: string;
  itemName: string;
  departmentCode: string;
  modeLabel: string;
  state: string;
  stateLabel: string;
  amountFen: number;
  amountText: string;
  flagged?: boolean;
  facts?: Record<string, unknown> | null;
  submittedAt: string | null;
  stateSince: string;
}

export interface QueuePage {
  items: ApplicationRow[];
  total: number;
  page: number;
  pageSize: number;
  amountFen: number;
  flaggedCount: number;
}

export interface BatchApproval {
  batchId: string;
  approved: number;
  amountFen: number;
  amountText: string;
  sample: ApplicationRow[];
}

export interface ObjectionRow {
  id: string;
  applicationId: string;
  enterpriseName: string;
  itemName: string;
  contactName: string | null;
  contactMasked: string | null;
  category: string;
  reason: string;
  status: string;
  resolution: string | null;
  createdAt: string;
}

export const APPLICATION_STATES: Array<{ value: string; label: string }> = [
  { value: 'submitted', label: '已提交' },
  { value: 'under_review', label: '审核中' },
  { value: 'returned', label: '退回补正' },
  { value: 'pre_qualified', label: '预审通过' },
  { value: 'approved', label: '审核通过' },
  { value: 'rejected', label: '不予通过' },
  { value: 'in_disclosure', label: '公示中' },
  { value: 'objection_raised', label: '有异议' },
];
