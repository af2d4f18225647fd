/**
 * The departments' data sources (数据来源) the platform pulls, each with the department that owns it
 * (and resolves correction requests on its facts) and its default field mapping: source field →
 * fact key, or `tag:<code>` for a yes/no certificate that sets or clears a tag. Money arrives in 元.
 * DATA_SOURCE_MAPPINGS overrides a source's mapping (checked at start, see field-mapping.ts).
 */
export interface DataSourceDefinition {
  code: string;
  /** 数据来源, as shown with each value. */
  name: string;
  /** Department code (市直部门) that owns the source's facts and answers 数据异议. */
  department: string;
  departmentName: string;
  mapping: Record<string, string>;
}

export const DATA_SOURCES: readonly DataSourceDefinition[] = [
  {
    code: 'market', name: '市场监管部门登记数据', department: 'scjgj', departmentName: '市市场监管局',
    mapping: { qymc: 'name', xzqh: 'districtCode', clrq: 'establishedOn', zczb: 'registeredCapital' },
  },
  { code: 'tax', name: '税务部门共享数据', department: 'swsj', departmentName: '市税务局', mapping: { yysr: 'revenue', nse: 'taxPaid' } },
  { code: 'social', name: '人社部门社保参保数据', department: 'rsj', departmentName: '市人社局', mapping: { cbrs: 'employees' } },
  { code: 'tech', name: '科技部门资质认定数据', department: 'kjj', departmentName: '市科技局', mapping: { gxjsqy: 'tag:hitech', kjxzxqy: 'tag:tech_sme' } },
  { code: 'credit', name: '信用部门信用名单', department: 'fgw', departmentName: '市发改委（信用办）', mapping: { xyzt: 'creditStatus' } },
];

export const DATA_SOURCES_BY_CODE: ReadonlyMap<string, DataSourceDefinition> = new Map(DATA_SOURCES.map((s) => [s.code, s]));
