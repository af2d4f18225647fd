import { FactDefinition, FactOwner } from './fact-definition';

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

/** Data sources of the facts (数据来源), and the departments (codes of the demo 市直部门) owning them. */
const REGISTRY: FactOwner = { department: null, source: '市场监管部门登记数据' };
const TAX: FactOwner = { department: null, source: '税务部门共享数据' };
const STATS: FactOwner = { department: null, source: '统计部门共享数据' };
const GXJ_SCALE: FactOwner = { department: 'gxj', source: '工信部门企业划型' };
const RSJ_INSURANCE: FactOwner = { department: 'rsj', source: '人社部门社保参保数据' };
const KJJ_RD: FactOwner = { department: 'kjj', source: '科技部门研发费用统计' };
const SWJ_TRADE: FactOwner = { department: 'swj', source: '商务部门（海关）进出口数据' };

/**
 * The facts of an enterprise profile that eligibility rules may use. Money facts are integer fen;
 * dates are ISO `YYYY-MM-DD`; `tags` is a list of tag codes from the tag library.
 */
export const ENTERPRISE_FACTS: readonly FactDefinition[] = [
  { key: 'name', label: '企业名称', type: 'string', column: 'name', owner: REGISTRY },
  { key: 'districtCode', label: '所在区域', type: 'string', format: 'region', column: 'district_code', owner: REGISTRY },
  { key: 'industryCode', label: '所属行业', type: 'string', format: 'industry', column: 'industry_code', owner: STATS },
  {
    key: 'scale',
    label: '企业规模',
    type: 'enum',
    allowedValues: ENTERPRISE_SCALES.map((s) => ({ ...s })),
    column: 'scale',
    owner: GXJ_SCALE,
  },
  { key: 'establishedOn', label: '成立日期', type: 'date', column: 'established_on', owner: REGISTRY },
  { key: 'registeredCapital', label: '注册资本', type: 'money', unit: '元', column: 'registered_capital', owner: REGISTRY },
  { key: 'employees', label: '从业人数', type: 'integer', unit: '人', column: 'employees', owner: RSJ_INSURANCE },
  { key: 'revenue', label: '营业收入', type: 'money', unit: '元', column: 'revenue', owner: TAX },
  { key: 'taxPaid', label: '纳税额', type: 'money', unit: '元', column: 'tax_paid', owner: TAX },
  { key: 'rdExpense', label: '研发费用', type: 'money', unit: '元', column: 'rd_expense', owner: KJJ_RD },
  { key: 'exports', label: '出口额', type: 'money', unit: '元', column: 'exports', owner: SWJ_TRADE },
  { key: 'rdIntensity', label: '研发投入强度', type: 'number', unit: '%', column: 'rd_intensity', owner: KJJ_RD },
  { key: 'revenueGrowth', label: '营业收入增长率', type: 'number', unit: '%', column: 'revenue_growth', owner: STATS },
  { key: 'tags', label: '企业标签', type: 'tags', column: 'tags', owner: { department: null, source: '标签库：各标签的认定部门', perTag: true } },
  {
    key: 'creditStatus',
    label: '信用状态',
    type: 'enum',
    allowedValues: CREDIT_STATUSES.map((s) => ({ ...s })),
    column: 'credit_status',
    owner: { department: null, source: '失信名单导入（信用部门）', sourceOnly: true },
  },
  { key: 'isListed', label: '上市企业', type: 'boolean', column: 'is_listed', owner: { department: null, source: '金融部门上市企业名单' } },
];

export const ENTERPRISE_FACTS_BY_KEY: ReadonlyMap<string, FactDefinition> = new Map(
  ENTERPRISE_FACTS.map((f) => [f.key, f]),
);
