import type { CashOutMode, ItemStatus, PolicySummary } from '../../api/types';

/** Chinese labels and tag colours of the policy center's enumerations (the API sends codes). */
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  draft: '草稿', in_review: '待审核', published: '已发布', superseded: '已被新版本替代', withdrawn: '已撤回', expired: '已过期',
};
export const ITEM_STATUS_COLORS: Record<ItemStatus, string> = {
  draft: 'default', in_review: 'processing', published: 'success', superseded: 'default', withdrawn: 'warning', expired: 'default',
};
export const MODE_LABELS: Record<CashOutMode, string> = { no_application: '免申即享', instant: '即申即享', application: '申请制', commitment: '承诺兑现' };
export const LEVEL_LABELS: Record<PolicySummary['level'], string> = { national: '国家', provincial: '省', municipal: '市', county: '区县' };
export const CATEGORY_LABELS: Record<PolicySummary['category'], string> = { subsidy: '奖补', reduction: '减免', qualification: '资质认定', service: '权益服务' };
