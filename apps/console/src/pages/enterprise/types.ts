import type { FactProvenance } from '../../lib/data-corrections';
/**
 * Shapes of the enterprise-side answers whose routes have no response schema in the OpenAPI document
 * yet (`content?: never` in api/schema.d.ts): written from the services that build them
 * (libs/policies push/inbox.service.ts, libs/approvals application.types.ts, libs/enterprises).
 * When those routes get `@ApiOkResponse` DTOs, replace these with aliases in api/types.ts.
 */
import type { Schemas } from '../../api/types';

export type CashOutMode = 'no_application' | 'instant' | 'application' | 'commitment';

export type ApplicationState =
  | 'draft' | 'pre_qualified' | 'submitted' | 'under_review' | 'returned' | 'approved' | 'rejected' | 'in_disclosure'
  | 'objection_raised' | 'confirmed' | 'ready_for_payout' | 'paid' | 'payout_failed' | 'withdrawn' | 'expired' | 'lapsed' | 'reopen_requested';

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** GET /me/policies: one eligible or near-miss item. */
export interface MyPolicy {
  itemId: string;
  itemVersionId: string;
  itemName: string;
  policyId: string;
  policyTitle: string;
  department: string;
  mode: CashOutMode;
  modeLabel: string;
  outcome: 'eligible' | 'near_miss';
  estimateFen: number;
  estimateText: string;
  applyTo: string | null;
  lacking: string | null;
  exclusionGroup: string | null;
  matchedAt: string;
}

export interface MyPolicies {
  eligible: MyPolicy[];
  nearMisses: MyPolicy[];
  totals: { eligible: number; nearMisses: number; estimateFen: number; estimateText: string };
  page: number;
  pageSize: number;
}

/** GET /me/policies/{itemId}. */
export interface MyPolicyDetail extends MyPolicy {
  /** `source`: where the firm's value of the condition came from (null or absent: not recorded). */
  reasons: Array<{ text: string; passed: boolean; missing: boolean; fact?: string; source?: Omit<FactProvenance, 'fact' | 'label' | 'version'> | null }>;
  docNumber: string | null;
  sourceUrl: string | null;
  clause: string | null;
  materials: string[];
  applyFrom: string | null;
  contact: string | null;
}

/** GET /me/inbox: a pushed policy (kind eligible) or a 办理通知 (kind notice). */
export interface InboxEntry {
  id: string;
  kind: 'eligible' | 'notice';
  itemId: string | null;
  itemVersionId: string | null;
  title: string;
  estimateFen: number | string | null;
  createdAt: string;
  readAt: string | null;
  statusText: string | null;
  statusAt: string | null;
  body: string;
  noticeKind?: string | null;
  applicationId?: string | null;
}

export type Notice = Schemas['NoticeDto'];

/** GET /applications, /applications/{id}: what the firm sees of its application. */
export interface Application {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  itemId: string;
  itemVersionId: string;
  itemName: string;
  departmentCode: string;
  mode: CashOutMode;
  modeLabel: string;
  period: string;
  state: ApplicationState;
  stateLabel: string;
  amountFen: number;
  amountText: string;
  estimateText: string | null;
  disclosureRoundId: string | null;
  payeeName: string | null;
  payeeBankName: string | null;
  payeeAccountMasked: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  confirmedAt: string | null;
  paidAt: string | null;
  confirmBy: string | null;
  reopenUntil: string | null;
  createdAt: string;
  stateSince: string;
  step: number;
}

/** GET /applications/{id}/timeline: one recorded step (state changes and notes). */
export interface TimelineNode {
  step: number;
  at: string;
  command: string;
  commandLabel: string;
  fromState: ApplicationState | null;
  toState: ApplicationState;
  stateLabel: string;
  actorRole: string;
  actorRoleLabel: string;
  departmentCode: string | null;
  outcome: string | null;
  comment: string | null;
  details: Record<string, unknown> | null;
}

export interface Material {
  id: string;
  materialName: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** GET /enterprises/me (accounts and phones masked). */
export interface EnterpriseProfile {
  id: string;
  name: string;
  creditCode: string;
  creditSource: string | null;
  creditSince: string | null;
  creditUntil: string | null;
  bankName: string | null;
  bankAccountMasked: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  version: number;
  updatedAt: string;
  tags: string[];
  /** 数据来源 of every fact (libs/enterprises FactProvenanceView). */
  provenance?: FactProvenance[];
  [fact: string]: unknown;
}

/** GET /enterprises/{id}/history, newest first. */
export interface ProfileVersion {
  version: number;
  facts: Record<string, unknown>;
  changedFacts: string[];
  changedBy: 'person' | 'source';
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorDepartment: string | null;
  reason: string | null;
  validFrom: string;
}
