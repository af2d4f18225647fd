import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import { explainRule } from './explain';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const ctx = { asOf: '2026-11-27' };
const WAN = 1_000_000;

describe('explainRule', () => {
  it('shows the firm value, the requirement and the verdict in Chinese', async () => {
    const rule = { all: [{ fact: 'revenue', operator: 'greaterThanInclusive' as const, value: 5_000 * WAN }] };
    const result = await explainRule(rule, registry, { revenue: 3_200 * WAN }, ctx);
    expect(result.eligible).toBe(false);
    expect(result.conditions).toEqual([
      expect.objectContaining({ pointer: '/all/0', passed: false, missing: false, text: '营业收入 3,200万元，要求不低于 5,000万元 — 不满足' }),
    ]);
  });

  it('says when a fact is missing', async () => {
    const rule = { all: [{ fact: 'revenue', operator: 'greaterThanInclusive' as const, value: 5_000 * WAN }] };
    const result = await explainRule(rule, registry, {}, ctx);
    expect(result.conditions[0]).toMatchObject({ missing: true, text: '营业收入 未填报（缺失），要求不低于 5,000万元 — 不满足' });
  });

  it('uses enum labels, tag labels, 亿元 and dates', async () => {
    const rule = {
      all: [
        { fact: 'scale', operator: 'in' as const, value: ['small', 'micro'] },
        { fact: 'tags', operator: 'hasTag' as const, value: 'HNTE' },
        { fact: 'registeredCapital', operator: 'lessThan' as const, value: 150 * 100 * WAN },
        { fact: 'establishedOn', operator: 'yearsSinceAtLeast' as const, value: 3 },
      ],
    };
    const profile = { scale: 'medium', tags: ['HNTE'], registeredCapital: 200 * 100 * WAN, establishedOn: '2023-11-27' };
    const result = await explainRule(rule, registry, profile, ctx, { tagLabels: { HNTE: '高新技术企业' } });
    const texts = result.conditions.map((c) => c.text);
    expect(texts[0]).toBe('企业规模 中型，要求属于 小型、微型 之一 — 不满足');
    expect(texts[1]).toBe('企业标签 “高新技术企业”，要求具有标签 “高新技术企业” — 满足');
    expect(texts[2]).toBe('注册资本 2亿元，要求低于 1.5亿元 — 不满足');
    expect(texts[3]).toContain('成立满 3 年');
    expect(texts[3]).toContain('2023-11-27');
    expect(texts[3]).toMatch(/— 满足$/);
  });

  it('marks leaves under not as exclusions and takes the verdict from the engine', async () => {
    const rule = { not: { fact: 'creditStatus', operator: 'equal' as const, value: 'dishonest' } };
    const result = await explainRule(rule, registry, { creditStatus: 'dishonest' }, ctx);
    expect(result.eligible).toBe(false);
    expect(result.conditions[0]).toMatchObject({ negated: true, passed: true });
    expect(result.conditions[0].text).toContain('信用状态 失信，要求为 失信');
    expect(result.conditions[0].text).toContain('排除条件');
  });
});
