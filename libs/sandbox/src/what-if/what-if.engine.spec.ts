import { ENTERPRISE_FACTS } from '@app/contracts';
import { DomainError } from '@app/core';
import { FactRegistry } from '@app/rules';
import { runSweep } from '../analysis/threshold-sweep';
import { tagCombinations } from '../analysis/tag-combinations';
import { overlapMatrix } from '../analysis/overlap';
import { resolveScenario } from '../scenario/resolve-scenario';
import { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import { runWhatIf } from './what-if.engine';
import { fullBitset } from '@app/rules';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000; // 1万元 in fen

/** Five firms, registration order A..E. */
const FIRMS = [
  { name: 'A', revenue: 6_000 * WAN, rdExpense: 100 * WAN, tags: ['hitech'], districtCode: '410105', industryCode: 'C3511', scale: 'medium' },
  { name: 'B', revenue: 4_000 * WAN, rdExpense: 200 * WAN, tags: ['hitech', 'specialized'], districtCode: '410105', industryCode: 'I6510', scale: 'small' },
  { name: 'C', revenue: 3_500 * WAN, rdExpense: 300 * WAN, tags: [], districtCode: '410102', industryCode: 'C3520', scale: 'small' },
  { name: 'D', revenue: 2_000 * WAN, rdExpense: 400 * WAN, tags: ['specialized'], districtCode: '410102', industryCode: 'C1310', scale: 'micro' },
  { name: 'E', revenue: 9_000 * WAN, rdExpense: 50 * WAN, tags: ['hitech'], districtCode: '410122', industryCode: 'M7320', scale: 'large' },
];

function snapshotOf(firms: Array<Record<string, unknown>>): EnterpriseSnapshot {
  const s = new EnterpriseSnapshot(registry);
  s.apply(firms.map((f, i) => ({ seq: i + 1, id: `00000000-0000-7000-8000-00000000000${i}`, updatedAt: new Date(0), profile: f })));
  return s;
}

const base = {
  rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000 * WAN }] },
  formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1' },
};
const names = (list: Array<{ name: string | null }>) => list.map((f) => f.name);

describe('what-if over a constructed snapshot', () => {
  const snapshot = snapshotOf(FIRMS);

  it('lowering the revenue threshold gains B and C; requiring 专精特新 as well loses A and E', () => {
    const answer = runWhatIf(
      snapshot,
      resolveScenario({ base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 3_000 * WAN }] } }, registry, '2026-11-27'),
    );
    expect(answer.baseline).toMatchObject({ eligible: 2, totalFen: 15 * WAN }); // A 10万 + E 5万
    expect(answer.scenario).toMatchObject({ eligible: 4, totalFen: 65 * WAN, averageFen: 16.25 * WAN });
    expect(names(answer.diff.gained.sample)).toEqual(['B', 'C']);
    expect(answer.diff.gained).toMatchObject({ count: 2, totalFen: 50 * WAN });
    expect(answer.diff.lost.count).toBe(0);
    expect(answer.diff).toMatchObject({ kept: 2, deltaEligible: 2, deltaFen: 50 * WAN });
    expect(answer.scenario.distribution.district).toEqual([
      { key: '410105', label: '金水区', count: 2, totalFen: 30 * WAN },
      { key: '410102', label: '中原区', count: 1, totalFen: 30 * WAN },
      { key: '410122', label: '中牟县', count: 1, totalFen: 5 * WAN },
    ]);
    expect(answer.scenario.distribution.industry?.[0]).toEqual({ key: 'C', label: '制造业', count: 2, totalFen: 40 * WAN });
    expect(answer.scenario.distribution.tag).toEqual([
      { key: 'hitech', label: '高新技术企业', count: 3, totalFen: 35 * WAN },
      { key: 'specialized', label: '专精特新中小企业', count: 1, totalFen: 20 * WAN },
    ]);

    const both = runWhatIf(
      snapshot,
      resolveScenario(
        {
          base,
          overrides: {
            rule: [
              { op: 'replace', path: '/all/0/value', value: 3_000 * WAN },
              { op: 'add', path: '/all/-', value: { fact: 'tags', operator: 'hasTag', value: 'specialized' } },
            ],
            formula: [{ op: 'replace', path: '/rate', value: '0.2' }],
          },
        },
        registry,
        '2026-11-27',
      ),
    );
    expect(names(both.diff.gained.sample)).toEqual(['B']);
    expect(both.diff.gained.sample[0]).toMatchObject({ districtCode: '410105', amountFen: 40 * WAN });
    expect(names(both.diff.lost.sample)).toEqual(['A', 'E']);
    expect(both.diff.lost).toMatchObject({ count: 2, totalFen: 15 * WAN });
  });

  it('a budget cap stops at the first firm that no longer fits, in the stated order', () => {
    const lowered = { rule: [{ op: 'replace', path: '/all/0/value', value: 0 }] }; // everyone: 10, 20, 30, 40, 5 万
    const byRegistration = runWhatIf(snapshot, resolveScenario({ base, overrides: { ...lowered, budgetCapFen: 65 * WAN } }, registry, '2026-11-27'));
    expect(byRegistration.budget).toMatchObject({ funded: 3, fundedFen: 60 * WAN, unfunded: 2, unfundedFen: 45 * WAN });
    expect(byRegistration.budget?.exhaustedAt).toMatchObject({ rank: 4, firm: { name: 'D', amountFen: 40 * WAN }, remainingFen: 5 * WAN });

    const smallestFirst = runWhatIf(
      snapshot,
      resolveScenario({ base, overrides: { ...lowered, budgetCapFen: 65 * WAN, budgetPriority: 'amountAscending' } }, registry, '2026-11-27'),
    );
    // 5 + 10 + 20 = 35; + 30 = 65 fits exactly; D (40) does not.
    expect(smallestFirst.budget).toMatchObject({ funded: 4, fundedFen: 65 * WAN, unfunded: 1 });
    expect(smallestFirst.budget?.exhaustedAt).toMatchObject({ rank: 5, firm: { name: 'D' }, remainingFen: 0 });

    const ample = runWhatIf(snapshot, resolveScenario({ base, overrides: { ...lowered, budgetCapFen: 1_000 * WAN } }, registry, '2026-11-27'));
    expect(ample.budget).toMatchObject({ funded: 5, unfunded: 0, exhaustedAt: null });
  });

  it('refuses bad edits with coded errors and pointers', () => {
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        return { code: (e as DomainError).code, details: (e as DomainError).details };
      }
      return undefined;
    };
    expect(codeOf(() => resolveScenario({ base, overrides: { rule: [{ op: 'replace', path: '/all/7/value', value: 1 }] } }, registry))).toMatchObject({
      code: 'SANDBOX.INVALID_OVERRIDE',
      details: { at: '/overrides/rule/0/path' },
    });
    expect(codeOf(() => resolveScenario({ base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: '三千万' }] } }, registry))).toMatchObject({
      code: 'SANDBOX.INVALID_RULE',
      details: { at: '/overrides/rule', errors: [{ pointer: '/all/0/value', code: 'RULE.INVALID_VALUE' }] },
    });
    expect(codeOf(() => resolveScenario({ base: { ...base, rule: { all: [{ fact: 'profit', operator: 'equal', value: 1 }] } } }, registry))).toMatchObject({
      code: 'SANDBOX.INVALID_RULE',
      details: { at: '/base/rule', errors: [{ pointer: '/all/0/fact', code: 'RULE.UNKNOWN_FACT' }] },
    });
    expect(codeOf(() => resolveScenario({ base, overrides: { formula: [{ op: 'replace', path: '/rate', value: 0.2 }] } }, registry))).toMatchObject({
      code: 'SANDBOX.INVALID_FORMULA',
      details: { errors: [{ pointer: '/rate' }] },
    });
    expect(codeOf(() => resolveScenario({ base: { itemVersionId: 'x' } }, registry))).toMatchObject({ code: 'SANDBOX.BASE_NOT_SUPPORTED' });
    expect(codeOf(() => resolveScenario({ base, overrides: { budgetCapFen: -1 } }, registry))).toMatchObject({
      code: 'SANDBOX.INVALID_SCENARIO',
      details: { at: '/overrides/budgetCapFen' },
    });
  });

  it('the sweep of a ≥ threshold is non-increasing in count and cost, and hits the exact counts', () => {
    const answer = runSweep(snapshot, resolveScenario({ base }, registry, '2026-11-27'), { pointer: '/all/0/value', from: 0, to: 10_000 * WAN, points: 21 });
    expect(answer.points).toHaveLength(21);
    for (let i = 1; i < answer.points.length; i += 1) {
      expect(answer.points[i].eligible).toBeLessThanOrEqual(answer.points[i - 1].eligible);
      expect(answer.points[i].totalFen).toBeLessThanOrEqual(answer.points[i - 1].totalFen);
    }
    expect(answer.points.find((p) => p.value === 3_500 * WAN)).toMatchObject({ eligible: 4, totalFen: 65 * WAN }); // A B C E
    expect(answer.points.find((p) => p.value === 4_000 * WAN)).toMatchObject({ eligible: 3, totalFen: 35 * WAN }); // A B E
    expect(answer.points[0]).toMatchObject({ eligible: 5, totalFen: 105 * WAN });
    expect(() => runSweep(snapshot, resolveScenario({ base }, registry), { pointer: '/all/0/fact', from: 0, to: 1 })).toThrow(DomainError);
  });

  it('counts tags and tag pairs', () => {
    const answer = tagCombinations(snapshot, fullBitset(snapshot.rowCount));
    expect(answer.tags).toEqual([
      { tag: 'hitech', count: 3 },
      { tag: 'specialized', count: 2 },
    ]);
    expect(answer.pairs).toEqual([{ tags: ['hitech', 'specialized'], count: 1 }]);
  });

  it('finds firms eligible for several items (duplicate-benefit warning) and the overlap matrix', () => {
    const answer = overlapMatrix(
      snapshot,
      [
        { key: 'big', name: '规上', rule: { fact: 'revenue', operator: 'greaterThanInclusive', value: 4_000 * WAN } },
        { key: 'hi', name: '高企', rule: { fact: 'tags', operator: 'hasTag', value: 'hitech' } },
        { key: 'sp', name: '专精特新', rule: { fact: 'tags', operator: 'hasTag', value: 'specialized' } },
      ],
      { asOf: '2026-11-27' },
    );
    expect(answer.matrix).toEqual([
      [3, 3, 1],
      [3, 3, 1],
      [1, 1, 2],
    ]);
    expect(answer.byItemCount).toEqual([1, 1, 2, 1]); // C: none; D: one; A, E: two; B: three
    expect(answer.multiEligible).toBe(3);
    expect(answer.sample.map((s) => [s.name, s.items])).toEqual([
      ['A', ['big', 'hi']],
      ['B', ['big', 'hi', 'sp']],
      ['E', ['big', 'hi']],
    ]);
  });

  it('a grouping asked alone or in pairs counts as when asked with the others (one walk for three)', () => {
    const all = runWhatIf(snapshot, resolveScenario({ base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 0 }] } }, registry, '2026-11-27'));
    for (const groupBy of [['scale'], ['industry', 'district'], ['tag', 'district']]) {
      const some = runWhatIf(snapshot, resolveScenario({ base, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value: 0 }] }, options: { groupBy } }, registry, '2026-11-27'));
      expect(Object.keys(some.scenario.distribution)).toEqual(groupBy);
      for (const g of groupBy as Array<keyof typeof all.scenario.distribution>) expect(some.scenario.distribution[g]).toEqual(all.scenario.distribution[g]);
    }
    expect(all.scenario.distribution.scale).toEqual([
      { key: 'small', label: expect.any(String), count: 2, totalFen: 50 * WAN },
      { key: 'large', label: expect.any(String), count: 1, totalFen: 5 * WAN },
      { key: 'medium', label: expect.any(String), count: 1, totalFen: 10 * WAN },
      { key: 'micro', label: expect.any(String), count: 1, totalFen: 40 * WAN },
    ]);
  });

  it('an updated row changes the answer (the snapshot applies changes in place)', () => {
    const s = snapshotOf(FIRMS);
    const scenario = resolveScenario({ base }, registry, '2026-11-27');
    expect(runWhatIf(s, scenario).scenario.eligible).toBe(2);
    s.apply([{ seq: 3, id: s.idOf(2), updatedAt: new Date(1000), profile: { ...FIRMS[2], revenue: 7_000 * WAN } }]);
    expect(s.rowCount).toBe(5);
    expect(runWhatIf(s, scenario).scenario.eligible).toBe(3);
    expect(s.watermark).toBe(1000);
  });
});
