import type { JsonRule } from '../../lib/rule-json';

/**
 * Shapes of the policy-center answers the OpenAPI document does not type yet (their routes have no
 * response DTO): mirrored from libs/policies/src/policy/policy.types.ts and policies.service.ts.
 */
export type ItemStatus = 'draft' | 'in_review' | 'published' | 'superseded' | 'withdrawn' | 'expired';
export type CashOutMode = 'no_application' | 'instant' | 'application' | 'commitment';

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '草稿', in_review: '待审核', published: '已发布', superseded: '已被新版本替代', withdrawn: '已撤回', expired: '已过期',
};
export const ITEM_STATUS_COLORS: Record<ItemStatus, string> = {
  draft: 'default', in_review: 'processing', published: 'success', superseded: 'default', withdrawn: 'warning', expired: 'default',
};
export const MODE_LABELS: Record<CashOutMode, string> = { no_application: '免申即享', instant: '即申即享', application: '申请制', commitment: '承诺兑现' };
export const LEVEL_LABELS: Record<string, string> = { national: '国家', provincial: '省', municipal: '市', county: '区县' };
export const CATEGORY_LABELS: Record<string, string> = { subsidy: '奖补', reduction: '减免', qualification: '资质认定', service: '权益服务' };

export interface BenefitTier {
  upTo?: number;
  from?: number;
  amount?: number;
  rate?: string;
}
export type BenefitFormula =
  | { kind: 'fixed'; amount: number; min?: number; max?: number }
  | { kind: 'rate'; fact: string; rate: string; min?: number; max?: number }
  | { kind: 'tiers'; fact: string; mode: 'bracketed' | 'progressive'; tiers: BenefitTier[]; min?: number; max?: number };

export interface ItemContent {
  name: string;
  rule: JsonRule;
  formula: BenefitFormula;
  mode: CashOutMode;
  applyFrom: string | null;
  applyTo: string | null;
  materials: string[];
  exclusionGroup: string | null;
  clause: string | null;
  fundPoolFen: number;
  contact: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface ItemVersion extends ItemContent {
  id: string;
  itemId: string;
  itemCode: string;
  policyId: string;
  version: number;
  status: ItemStatus;
  ownerDepartment: string;
  changeNote: string | null;
  createdBy: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  publishedAt: string | null;
}

export interface PolicyMeta {
  id: string;
  code: string;
  title: string;
  docNumber: string | null;
  ownerDepartment: string;
  level: string;
  category: string;
  tags: string[];
  effectiveFrom: string;
  effectiveTo: string | null;
  publishDate: string | null;
  isDemo: boolean;
}

export interface PolicyItemRef {
  id: string;
  code: string;
  latestVersion: number;
  current: ItemVersion | null;
  open: ItemVersion | null;
  latest: ItemVersion;
}

/** 常见问题: one question and the department's answer. */
export interface PolicyFaq {
  question: string;
  answer: string;
}

export interface PolicyView extends PolicyMeta {
  fullText: string;
  sourceUrl: string | null;
  /** 政策解读 (absent when there is none). */
  interpretation?: string | null;
  /** 常见问题 (absent when there are none). */
  faq?: PolicyFaq[];
  /** Moves on with every edit of the policy's information; an edit sends the revision it was made on. */
  revision: number;
  updatedAt: string;
  items: PolicyItemRef[];
}

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface VersionDiff {
  from: number;
  to: number;
  changes: Array<{ path: string; before: unknown; after: unknown }>;
}

export interface TagRow {
  code: string;
  name: string;
  category: string;
  source: 'manual' | 'imported' | 'derived';
  ownerDepartment: string | null;
  description: string | null;
  rule: unknown;
  enterpriseCount?: number;
}

/** The parts of POST /sandbox/what-if the editor shows. */
export interface WhatIfOutcome {
  eligible: number;
  totalFen: number;
  averageFen: number;
}
export interface WhatIfAnswer {
  scenario: WhatIfOutcome;
  diff?: { gained: { count: number; totalFen: number }; lost: { count: number; totalFen: number }; kept: number; deltaEligible: number; deltaFen: number };
  baseline: WhatIfOutcome;
  snapshot: { rows: number; asOf: string | null };
}
