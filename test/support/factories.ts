import { makeCreditCode } from '@app/enterprises';

let serial = 1;

/** A valid import row (money in 元), overridable per test: makeEnterpriseRow({ districtCode: '410105' }). */
export function makeEnterpriseRow(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = serial++;
  return {
    creditCode: makeCreditCode('410105', 900_000 + n),
    name: `郑州测试科技有限公司${n}`,
    districtCode: '410105',
    industryCode: 'I65',
    scale: 'small',
    establishedOn: '2018-05-20',
    registeredCapital: '5000000',
    employees: 40,
    revenue: '32000000',
    taxPaid: '1200000',
    rdExpense: '2500000',
    exports: '0',
    revenueGrowth: '12.5',
    tags: 'hitech|tech_sme',
    creditStatus: '守信',
    bankName: '中国工商银行郑州分行',
    bankAccount: '6222021234567890123',
    contactName: '张经理',
    contactPhone: '13800138000',
    ...overrides,
  };
}

export function toCsv(rows: Array<Record<string, unknown>>): string {
  const cols = Object.keys(rows[0]);
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
}
