import type { BenefitFormula, RuleCondition } from '@app/rules';

export const POLICY_LEVELS = ['national', 'provincial', 'municipal', 'county'] as const;
export const POLICY_LEVEL_LABELS: Record<PolicyLevel, string> = { national: '国家', provincial: '省', municipal: '市', county: '区县' };
export const POLICY_CATEGORIES = ['subsidy', 'reduction', 'qualification', 'service'] as const;
export const POLICY_CATEGORY_LABELS: Record<PolicyCategory, string> = { subsidy: '奖补', reduction: '减免', qualification: '资质认定', service: '权益服务' };
/** 兑现方式 */
export const CASH_OUT_MODES = ['no_application', 'instant', 'application', 'commitment'] as const;
export const CASH_OUT_MODE_LABELS: Record<CashOutMode, string> = {
  no_application: '免申即享',
  instant: '即申即享',
  application: '申请制',
  commitment: '承诺兑现',
};
export const ITEM_STATUSES = ['draft', 'in_review', 'published', 'superseded', 'withdrawn', 'expired'] as const;
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '草稿', in_review: '待审核', published: '已发布', superseded: '已被新版本替代', withdrawn: '已撤回', expired: '已过期',
};

export type PolicyLevel = (typeof POLICY_LEVELS)[number];
export type PolicyCategory = (typeof POLICY_CATEGORIES)[number];
export type CashOutMode = (typeof CASH_OUT_MODES)[number];
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The editable content of one item version (兑现事项). Money in fen. */
export interface ItemContent {
  name: string;
  rule: RuleCondition;
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

/** 解读: one question a firm would ask, with the department's answer. */
export interface PolicyFaq {
  question: string;
  answer: string;
}

export interface PolicyMeta {
  code: string;
  title: string;
  docNumber: string | null;
  level: PolicyLevel;
  category: PolicyCategory;
  tags: string[];
  sourceUrl: string | null;
  fullText: string;
  publishDate: string | null;
  effectiveFrom: string;
  effectiveTo: string | null;
  isDemo: boolean;
  /** 政策解读: the department's plain-language reading of the policy (absent when there is none). */
  interpretation?: string | null;
  /** 常见问题 (absent or empty when there are none). */
  faq?: PolicyFaq[];
}

/**
 * The fields of a policy its department may edit after creation (政策信息). The code, the owning
 * department and the demo flag are fixed; items change through their own versions and review.
 */
export const EDITABLE_POLICY_FIELDS = [
  'title', 'docNumber', 'level', 'category', 'tags', 'sourceUrl', 'fullText', 'publishDate', 'effectiveFrom', 'effectiveTo', 'interpretation', 'faq',
] as const;
export type EditablePolicyField = (typeof EDITABLE_POLICY_FIELDS)[number];
/** An edit of a policy's information: only the fields to change. */
export type PolicyChanges = Partial<Pick<PolicyMeta, EditablePolicyField>>;

/** The import/export document: a policy with its items (current content). */
export interface PolicyDocument extends PolicyMeta {
  ownerDepartment: string;
  items: Array<ItemContent & { code: string }>;
}

export interface ItemVersionView extends ItemContent {
  id: string;
  itemId: string;
  itemCode: string;
  policyId: string;
  version: number;
  status: ItemStatus;
  ownerDepartment: string;
  factsUsed: string[];
  changeNote: string | null;
  createdBy: string;
  submittedBy: string | null;
  reviewedBy: string | null;
  reviewComment: string | null;
  publishedAt: string | null;
  retiredAt: string | null;
}
