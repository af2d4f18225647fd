import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '../facts/fact-registry';
import type { RuleCondition } from '../rule/rule.types';
import { evaluateWithNearMiss } from './near-miss';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const ctx = { asOf: '2026-11-27' };
const WAN = 1_000_000;
const rule: RuleCondition = {
  all: [
    { fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000 * WAN },
    { fact: 'employees', operator: 'lessThan', value: 300 },
    { fact: 'tags', operator: 'hasTag', value: 'HNTE' },
  ],
};
const firm = { revenue: 5_200 * WAN, employees: 120, tags: ['HNTE'] };
const check = (profile: Record<string, unknown>, r: RuleCondition = rule) => evaluateWithNearMiss(r, registry, profile, ctx, { margin: 0.2 });

describe('evaluateWithNearMiss', () => {
  it('eligible firms have no near miss', () => {
    expect(check(firm)).toEqual({ eligible: true });
  });

  it('one numeric condition short within the margin', () => {
    expect(check({ ...firm, revenue: 4_700 * WAN })).toEqual({
      eligible: false,
      nearMiss: { fact: 'revenue', label: '营业收入', gap: 300 * WAN, direction: 'short', gapText: '营业收入差 300万元' },
    });
  });

  it('an upper bound exceeded: strict integer bound needs one more unit', () => {
    expect(check({ ...firm, employees: 320 }).nearMiss).toMatchObject({ gap: 21, direction: 'over', gapText: '从业人数超出 21人' });
  });

  it('exactly at the margin is near, just beyond is not', () => {
    expect(check({ ...firm, revenue: 4_000 * WAN }).nearMiss?.gap).toBe(1_000 * WAN);
    expect(check({ ...firm, revenue: 4_000 * WAN - 1 }).nearMiss).toBeUndefined();
  });

  it('no near miss when two conditions fail, the fact is missing, or the failing one is not numeric', () => {
    expect(check({ ...firm, revenue: 4_900 * WAN, employees: 301 })).toEqual({ eligible: false });
    expect(check({ ...firm, revenue: undefined })).toEqual({ eligible: false });
    expect(check({ ...firm, tags: [] })).toEqual({ eligible: false });
  });

  it('failures inside any/not groups are not near misses (conservative)', () => {
    const anyRule: RuleCondition = { all: [{ any: [rule.all[0], { fact: 'isListed', operator: 'equal', value: true }] }] } as RuleCondition;
    expect(check({ revenue: 4_900 * WAN, isListed: false }, anyRule)).toEqual({ eligible: false });
    const nested: RuleCondition = { all: [{ all: [rule.all[0]] }, rule.all[1]] } as RuleCondition;
    expect(check({ revenue: 4_900 * WAN, employees: 10 }, nested).nearMiss?.gapText).toBe('营业收入差 100万元');
  });
});
