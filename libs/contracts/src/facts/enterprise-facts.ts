import { FactDefinition } from './fact-definition';

/** Enterprise scale (企业规模) per 工信部 classification. */
export const ENTERPRISE_SCALES = [
  { value: 'large', label: '大型' },
  { value: 'medium', label: '中型' },
  { value: 'small', label: '小型' },
  { value: 'micro', label: '微型' },
] as const;

/** Credit status (信用状态): 守信 / 失信. */
export const CREDIT_STATUSES = [
  { value: 'good', label: '守信' },
  { value: 'dishonest', label: '失信' },
] as const;

/**
 * The facts of an enterprise profile that eligibility rules may use. Money facts are integer fen;
 * dates are ISO `YYYY-MM-DD`; `tags` is a list of tag codes from the tag library.
 */
export const ENTERPRISE_FACTS: readonly FactDefinition[] = [
  { key: 'name', label: '企业名称', type: 'string', column: 'name' },
  { key: 'districtCode', label: '所在区域', type: 'string', format: 'region', column: 'district_code' },
  { key: 'industryCode', label: '所属行业', type: 'string', format: 'industry', column: 'industry_code' },
  {
    key: 'scale',
    label: '企业规模',
    type: 'enum',
    allowedValues: ENTERPRISE_SCALES.map((s) => ({ ...s })),
    column: 'scale',
  },
  { key: 'establishedOn', label: '成立日期', type: 'date', column: 'established_on' },
  { key: 'registeredCapital', label: '注册资本', type: 'money', unit: '元', column: 'registered_capital' },
  { key: 'employees', label: '从业人数', type: 'integer', unit: '人', column: 'employees' },
  { key: 'revenue', label: '营业收入', type: 'money', unit: '元', column: 'revenue' },
  { key: 'taxPaid', label: '纳税额', type: 'money', unit: '元', column: 'tax_paid' },
  { key: 'rdExpense', label: '研发费用', type: 'money', unit: '元', column: 'rd_expense' },
  { key: 'exports', label: '出口额', type: 'money', unit: '元', column: 'exports' },
  { key: 'rdIntensity', label: '研发投入强度', type: 'number', unit: '%', column: 'rd_intensity' },
  { key: 'revenueGrowth', label: '营业收入增长率', type: 'number', unit: '%', column: 'revenue_growth' },
  { key: 'tags', label: '企业标签', type: 'tags', column: 'tags' },
  {
    key: 'creditStatus',
    label: '信用状态',
    type: 'enum',
    allowedValues: CREDIT_STATUSES.map((s) => ({ ...s })),
    column: 'credit_status',
  },
  { key: 'isListed', label: '上市企业', type: 'boolean', column: 'is_listed' },
];

export const ENTERPRISE_FACTS_BY_KEY: ReadonlyMap<string, FactDefinition> = new Map(
  ENTERPRISE_FACTS.map((f) => [f.key, f]),
);
