import { ENTERPRISE_FACTS } from '@app/contracts';
import { FactRegistry } from '@app/rules';
import { resolveScenario } from '../scenario/resolve-scenario';
import { EnterpriseSnapshot } from '../snapshot/enterprise-snapshot';
import { BaselineCache } from './baseline-cache';
import { runWhatIf, WhatIfAnswer } from './what-if.engine';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000;

const FIRMS = [
  { name: 'A', revenue: 6_000 * WAN, rdExpense: 100 * WAN, districtCode: '410105', industryCode: 'C3511', scale: 'medium' },
  { name: 'B', revenue: 4_000 * WAN, rdExpense: 200 * WAN, districtCode: '410105', industryCode: 'I6510', scale: 'small' },
  { name: 'C', revenue: 3_500 * WAN, rdExpense: 300 * WAN, districtCode: '410102', industryCode: 'C3520', scale: 'small' },
  { name: 'D', revenue: 2_000 * WAN, rdExpense: 400 * WAN, districtCode: '410102', industryCode: 'C1310', scale: 'micro' },
];
const snapshotOf = () => {
  const s = new EnterpriseSnapshot(registry);
  s.apply(FIRMS.map((f, i) => ({ seq: i + 1, id: `00000000-0000-7000-8000-00000000000${i}`, updatedAt: new Date(0), profile: f })));
  return s;
};
const base = {
  rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000 * WAN }] },
  formula: { kind: 'rate', fact: 'rdExpense', rate: '0.1' },
};
const at = (value: number, b: unknown = base) =>
  resolveScenario({ base: b, overrides: { rule: [{ op: 'replace', path: '/all/0/value', value }] } }, registry, '2026-11-27');
const withoutTiming = (a: WhatIfAnswer) => ({ ...a, timingMs: 0 });

describe('BaselineCache (a slider move re-evaluates only the scenario side)', () => {
  it('answers exactly as without the cache, evaluating the baseline once per base', () => {
    const snapshot = snapshotOf();
    const cache = new BaselineCache();
    for (const value of [0, 3_000 * WAN, 5_000 * WAN, 10_000 * WAN, 3_600 * WAN]) {
      expect(withoutTiming(runWhatIf(snapshot, at(value), cache))).toEqual(withoutTiming(runWhatIf(snapshot, at(value))));
    }
    expect(cache).toMatchObject({ misses: 1, hits: 4 });
  });

  it('a changed profile is a miss: the baseline follows the snapshot', () => {
    const snapshot = snapshotOf();
    const cache = new BaselineCache();
    expect(runWhatIf(snapshot, at(3_000 * WAN), cache).baseline.eligible).toBe(1); // A
    snapshot.apply([{ seq: 2, id: snapshot.idOf(1), updatedAt: new Date(1000), profile: { ...FIRMS[1], revenue: 7_000 * WAN } }]);
    const after = runWhatIf(snapshot, at(3_000 * WAN), cache);
    expect(after.baseline).toMatchObject({ eligible: 2, totalFen: 30 * WAN }); // A 10万 + B 20万
    expect(after.diff.gained.count).toBe(1); // C
    expect(cache.misses).toBe(2);
    // an empty refresh page leaves the version (and the cached baseline) alone
    snapshot.apply([]);
    runWhatIf(snapshot, at(3_000 * WAN), cache);
    expect(cache.hits).toBe(1);
  });

  it('another snapshot, base rule, formula or evaluation date is a miss', () => {
    const snapshot = snapshotOf();
    const cache = new BaselineCache();
    runWhatIf(snapshot, at(0), cache);
    runWhatIf(snapshotOf(), at(0), cache);
    const otherRule = { ...base, rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: 4_000 * WAN }] } };
    expect(runWhatIf(snapshot, at(0, otherRule), cache).baseline.eligible).toBe(2);
    expect(runWhatIf(snapshot, at(0, { ...base, formula: { kind: 'fixed', amount: WAN } }), cache).baseline.totalFen).toBe(WAN);
    runWhatIf(snapshot, resolveScenario({ base }, registry, '2030-01-01'), cache);
    expect(cache).toMatchObject({ misses: 5, hits: 0 });
  });

  it('a slider on one condition of several: only that condition is re-tested, the others come from the cache', () => {
    const snapshot = snapshotOf();
    const cache = new BaselineCache();
    const several = {
      ...base,
      rule: { all: [{ fact: 'scale', operator: 'in', value: ['small', 'micro', 'medium'] }, { fact: 'revenue', operator: 'greaterThanInclusive', value: 5_000 * WAN }, { fact: 'districtCode', operator: 'inRegion', value: ['4101'] }] },
    };
    const move = (value: number) => resolveScenario({ base: several, overrides: { rule: [{ op: 'replace', path: '/all/1/value', value }] } }, registry, '2026-11-27');
    for (const value of [0, 2_500 * WAN, 3_600 * WAN, 5_000 * WAN, 9_000 * WAN]) {
      expect(withoutTiming(runWhatIf(snapshot, move(value), cache))).toEqual(withoutTiming(runWhatIf(snapshot, move(value))));
    }
    expect(runWhatIf(snapshot, move(0), cache).scenario.eligible).toBe(4); // A B C D (E is large)
    // six answers: the baseline computed once (5 hits); the unedited conditions' rows once for the
    // five that edit the rule (4 hits) — at the base's own value the scenario is the baseline
    expect(cache).toMatchObject({ misses: 2, hits: 5 + 4 });
    // a profile edit that only the unedited conditions see: the cached rows follow it
    snapshot.apply([{ seq: 4, id: snapshot.idOf(3), updatedAt: new Date(1000), profile: { ...FIRMS[3], scale: 'large' } }]);
    expect(runWhatIf(snapshot, move(0), cache).scenario.eligible).toBe(3);
  });

  it('keeps the last few bases, least recently used out first', () => {
    const snapshot = snapshotOf();
    const cache = new BaselineCache(2);
    const b = (v: number) => ({ ...base, rule: { all: [{ fact: 'revenue', operator: 'greaterThanInclusive', value: v }] } });
    runWhatIf(snapshot, at(0, b(1)), cache);
    runWhatIf(snapshot, at(0, b(2)), cache);
    runWhatIf(snapshot, at(0, b(1)), cache); // hit; b(2) is now the oldest
    runWhatIf(snapshot, at(0, b(3)), cache); // evicts b(2)
    runWhatIf(snapshot, at(0, b(1)), cache); // hit
    runWhatIf(snapshot, at(0, b(2)), cache); // miss
    expect(cache).toMatchObject({ hits: 2, misses: 4 });
  });
});
