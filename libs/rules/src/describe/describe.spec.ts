import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import { describeBenefitFormula, describeRule } from './describe';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const ctx = { asOf: '2026-06-30' };

describe('describeRule (plain Chinese for the public policy page)', () => {
  it('lists a top-level all without a heading and announces nested groups, with tag and region names', () => {
    const lines = describeRule(
      {
        all: [
          { fact: 'rdExpense', operator: 'greaterThanInclusive', value: 100000000 },
          { any: [{ fact: 'tags', operator: 'hasAnyTag', value: ['hitech'] }, { fact: 'districtCode', operator: 'inRegion', value: '410172' }] },
          { not: { fact: 'creditStatus', operator: 'equal', value: 'dishonest' } },
        ],
      },
      registry,
      ctx,
      { tagLabels: { hitech: '高新技术企业' }, codeLabels: new Map([['410172', '高新区']]) },
    );
    expect(lines).toEqual([
      { depth: 0, kind: 'condition', text: '研发费用 要求不低于 100万元' },
      { depth: 0, kind: 'any', text: '满足以下任一条件' },
      { depth: 1, kind: 'condition', text: '企业标签 要求具有标签 “高新技术企业” 中的任意一个' },
      { depth: 1, kind: 'condition', text: '所在区域 要求位于 高新区（410172）' },
      { depth: 0, kind: 'not', text: '不得满足以下条件' },
      { depth: 1, kind: 'condition', text: '信用状态 要求为 失信' },
    ]);
  });

  it('shows district codes of an `in` list by name', () => {
    const [line] = describeRule({ fact: 'districtCode', operator: 'in', value: ['410173'] }, registry, ctx, { codeLabels: new Map([['410173', '航空港区']]) });
    expect(line.text).toBe('所在区域 要求属于 航空港区（410173） 之一');
  });
});

describe('describeBenefitFormula', () => {
  it('fixed, rate with a cap, bracketed tiers and progressive tiers', () => {
    expect(describeBenefitFormula({ kind: 'fixed', amount: 10000000 }, registry)).toBe('定额 10万元');
    expect(describeBenefitFormula({ kind: 'rate', fact: 'rdExpense', rate: '0.1', max: 500000000 }, registry)).toBe('按研发费用的 10% 计算，最高不超过 500万元');
    expect(
      describeBenefitFormula(
        { kind: 'tiers', fact: 'rdIntensity', mode: 'bracketed', tiers: [{ from: 3, amount: 10000000 }, { from: 6, amount: 20000000 }, { from: 10, amount: 30000000 }] },
        registry,
      ),
    ).toBe('按研发投入强度分档：3%（含）至 6%：10万元；6%（含）至 10%：20万元；10% 及以上：30万元');
    expect(
      describeBenefitFormula({ kind: 'tiers', fact: 'revenue', mode: 'progressive', tiers: [{ upTo: 100000000, rate: '0.01' }, { rate: '0.02' }], min: 100000 }, registry),
    ).toBe('按营业收入分段累进计算：不超过 100万元（含）：营业收入的 1%；超过 100万元：营业收入的 2%；保底 1,000元');
  });
});
