/** Test-only: an enterprise row as PostgreSQL returns it, for the enterprises' service unit specs. */
import { makeCreditCode } from '../credit-code/credit-code';
import { EnterpriseRow, FACT_COLUMNS, factsOfInput } from '../enterprise/enterprise.repository';
import { FACT_KEYS } from '../enterprise/enterprise.types';
import { parseEnterpriseRecord } from '../enterprise/enterprise.validation';

export const FIRM_ID = '00000000-0000-4000-8000-000000000001';

/** A valid firm (version 3) as its row; `over` are import-record fields (money in 元 text). */
export function firmRow(over: Record<string, unknown> = {}): EnterpriseRow {
  const parsed = parseEnterpriseRecord({
    creditCode: makeCreditCode('410105', 912_345), name: '郑州测试科技有限公司', districtCode: '410105', industryCode: 'I65', scale: 'small', establishedOn: '2018-05-20',
    registeredCapital: '5000000', employees: 40, revenue: '32000000', taxPaid: '1200000', rdExpense: '2500000', exports: '0', revenueGrowth: '12.5', tags: 'hitech',
    creditStatus: '守信', contactName: '张经理', ...over,
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const x = parsed.value;
  const facts = factsOfInput(x);
  const row = {
    id: FIRM_ID, credit_code: x.creditCode, credit_source: null, credit_since: null, credit_until: null, bank_name: null, bank_account_masked: null,
    contact_name: x.contactName ?? null, contact_phone_masked: null, version: 3, content_digest: 'import-digest', updated_at: new Date('2026-11-01T00:00:00Z'),
    manual_facts: {}, fact_sources: {},
  } as unknown as Record<string, unknown>;
  for (const k of FACT_KEYS) row[FACT_COLUMNS[k]] = facts[k];
  return row as unknown as EnterpriseRow;
}

