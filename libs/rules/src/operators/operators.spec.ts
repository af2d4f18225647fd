import { ENTERPRISE_FACTS } from '@app/contracts';
import { ColumnStore } from '../columnar/column-store';
import { evaluateColumnar } from '../columnar/columnar.evaluator';
import { hasRow } from '../columnar/bitset';
import { compileRule } from '../compiled/compile';
import { yearsSinceCutoff } from '../facts/day-number';
import { FactRegistry } from '../facts/fact-registry';
import { ReferenceEvaluator } from '../reference/reference.evaluator';
import type { LeafCondition, RuleCondition } from '../rule/rule.types';

const registry = new FactRegistry(ENTERPRISE_FACTS);

/** Evaluates with the reference, the compiled predicate and the column store; all must agree. */
async function holds(rule: RuleCondition, profile: Record<string, unknown>, asOf = '2024-02-29'): Promise<boolean> {
  const ctx = { asOf };
  const reference = await new ReferenceEvaluator(rule, registry, ctx).evaluate(profile);
  expect(compileRule(rule, registry, ctx)(profile)).toBe(reference);
  expect(hasRow(evaluateColumnar(rule, ColumnStore.fromProfiles(registry, [profile]), ctx), 0)).toBe(reference);
  return reference;
}
const leaf = (fact: string, operator: LeafCondition['operator'], value: LeafCondition['value']): LeafCondition => ({ fact, operator, value });

describe('operators (reference, compiled and columnar agree)', () => {
  it('between is inclusive at both ends', async () => {
    const rule = leaf('employees', 'between', [10, 300]);
    expect(await holds(rule, { employees: 10 })).toBe(true);
    expect(await holds(rule, { employees: 300 })).toBe(true);
    expect(await holds(rule, { employees: 9 })).toBe(false);
    expect(await holds(rule, { employees: 301 })).toBe(false);
  });

  it('date comparisons on equal dates', async () => {
    const day = { establishedOn: '2020-02-29' };
    expect(await holds(leaf('establishedOn', 'dateBefore', '2020-02-29'), day)).toBe(false);
    expect(await holds(leaf('establishedOn', 'dateAfter', '2020-02-29'), day)).toBe(false);
    expect(await holds(leaf('establishedOn', 'dateOnOrAfter', '2020-02-29'), day)).toBe(true);
    expect(await holds(leaf('establishedOn', 'dateOnOrBefore', '2020-02-29'), day)).toBe(true);
    expect(await holds(leaf('establishedOn', 'dateBefore', '2020-03-01'), day)).toBe(true);
  });

  it('成立满N年 around leap days', async () => {
    expect(yearsSinceCutoff('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsSinceCutoff('2024-02-29', 4)).toBe('2020-02-29');
    const leapBorn = { establishedOn: '2020-02-29' };
    // Civil Code: a period from 29 February ends on 28 February of a common year (years-since.spec.ts).
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 1), leapBorn, '2021-02-27')).toBe(false);
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 1), leapBorn, '2021-02-28')).toBe(true);
    expect(await holds(leaf('establishedOn', 'yearsSinceLessThan', 1), leapBorn, '2021-02-27')).toBe(true);
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 4), leapBorn, '2024-02-29')).toBe(true);
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 3), { establishedOn: '2021-02-28' }, '2024-02-29')).toBe(true);
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 3), { establishedOn: '2021-03-01' }, '2024-02-29')).toBe(false);
    expect(await holds(leaf('establishedOn', 'yearsSinceAtLeast', 0), { establishedOn: '2024-02-29' }, '2024-02-29')).toBe(true);
  });

  it('tags: hasTag, hasAnyTag, hasAllTags', async () => {
    const firm = { tags: ['HNTE', 'SRDI'] };
    expect(await holds(leaf('tags', 'hasTag', 'HNTE'), firm)).toBe(true);
    expect(await holds(leaf('tags', 'hasTag', 'TSME'), firm)).toBe(false);
    expect(await holds(leaf('tags', 'hasAnyTag', ['TSME', 'SRDI']), firm)).toBe(true);
    expect(await holds(leaf('tags', 'hasAnyTag', ['TSME', 'EXPORT']), firm)).toBe(false);
    expect(await holds(leaf('tags', 'hasAllTags', ['HNTE', 'SRDI']), firm)).toBe(true);
    expect(await holds(leaf('tags', 'hasAllTags', ['HNTE', 'TSME']), firm)).toBe(false);
    expect(await holds(leaf('tags', 'hasAnyTag', ['HNTE']), { tags: [] })).toBe(false);
  });

  it('inRegion strips trailing 00 pairs: 410100 covers 410105 but not 410200', async () => {
    const city = leaf('districtCode', 'inRegion', '410100');
    expect(await holds(city, { districtCode: '410105' })).toBe(true);
    expect(await holds(city, { districtCode: '410100' })).toBe(true);
    expect(await holds(city, { districtCode: '410200' })).toBe(false);
    expect(await holds(leaf('districtCode', 'inRegion', '410000'), { districtCode: '410200' })).toBe(true);
    expect(await holds(leaf('districtCode', 'inRegion', '410105'), { districtCode: '410102' })).toBe(false);
    expect(await holds(leaf('districtCode', 'inRegion', ['410200', '410105']), { districtCode: '410105' })).toBe(true);
    expect(await holds(leaf('industryCode', 'inRegion', 'C35'), { industryCode: 'C3511' })).toBe(true);
    expect(await holds(leaf('industryCode', 'inRegion', 'C'), { industryCode: 'I6510' })).toBe(false);
  });

  it('a leaf on a missing fact is false, so its negation is true — for every operator', async () => {
    const negatives: LeafCondition[] = [
      leaf('revenue', 'notEqual', 1),
      leaf('scale', 'notIn', ['large']),
      leaf('revenue', 'lessThan', 1),
      leaf('establishedOn', 'dateBefore', '2030-01-01'),
      leaf('tags', 'hasAnyTag', ['HNTE']),
      leaf('isListed', 'notEqual', true),
      leaf('districtCode', 'inRegion', '41'),
    ];
    for (const rule of negatives) {
      for (const firm of [{}, Object.fromEntries([[rule.fact, null]])]) {
        expect(await holds(rule, firm)).toBe(false);
        expect(await holds({ not: rule }, firm)).toBe(true);
      }
    }
  });

  it('ill-typed profile values count as missing', async () => {
    expect(await holds(leaf('revenue', 'notEqual', 1), { revenue: '100' })).toBe(false);
    expect(await holds(leaf('establishedOn', 'dateBefore', '2030-01-01'), { establishedOn: '2021-02-30' })).toBe(false);
    expect(await holds(leaf('isListed', 'equal', false), { isListed: 0 })).toBe(false);
  });
});
