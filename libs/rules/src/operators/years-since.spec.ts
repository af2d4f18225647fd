import fc from 'fast-check';
import { daysInMonth, ENTERPRISE_FACTS, isLeapYear } from '@app/contracts';
import { hasRow } from '../columnar/bitset';
import { ColumnStore } from '../columnar/column-store';
import { evaluateColumnar } from '../columnar/columnar.evaluator';
import { compileRule } from '../compiled/compile';
import { compileToEsQuery, EsQuery } from '../elastic/es.compiler';
import { yearsSinceCutoff } from '../facts/day-number';
import { FactRegistry } from '../facts/fact-registry';
import { ReferenceEvaluator } from '../reference/reference.evaluator';
import type { LeafCondition, RuleCondition } from '../rule/rule.types';
import { isUnsatisfiable } from '../static/satisfiability';

/**
 * 成立满N年 for firms founded around 29 February, in every evaluator. The oracle is the Civil Code's
 * rule written directly (民法典第二百零二条): the N-year period ends on the corresponding day N years
 * later, or on the month's last day when that day does not exist — so the anniversary of a 29 February
 * in a common year is 28 February. A firm has N full years at asOf when its anniversary ≤ asOf.
 */
const registry = new FactRegistry(ENTERPRISE_FACTS);
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function anniversary(established: string, years: number): string {
  const [y, m, d] = established.split('-').map(Number);
  const year = y + years;
  return `${pad(year, 4)}-${pad(m)}-${pad(Math.min(d, daysInMonth(year, m)))}`;
}
const civilCodeHolds = (established: string, years: number, asOf: string) => anniversary(established, years) <= asOf;

/** Days near the end of February (and 1 March) of leap, common and century years. */
const leapishDay = fc
  .tuple(fc.constantFrom(1900, 1999, 2000, 2019, 2020, 2021, 2023, 2024, 2025, 2028, 2096, 2100, 2104), fc.integer({ min: -3, max: 3 }))
  .map(([year, shift]) => {
    const lastFeb = isLeapYear(year) ? 29 : 28;
    const day = lastFeb + shift; // around the end of February, spilling into March
    return day <= lastFeb ? `${year}-02-${pad(Math.max(day, 1))}` : `${year}-03-${pad(day - lastFeb)}`;
  });

/** A tiny Elasticsearch interpreter for the shapes a date leaf compiles to (range, bool). */
function esMatches(q: EsQuery, doc: Record<string, unknown>): boolean {
  if (q.range) {
    const [field, bounds] = Object.entries(q.range)[0] as [string, { lt?: string; lte?: string; gt?: string; gte?: string }];
    const v = doc[field];
    if (typeof v !== 'string') return false;
    return (bounds.lt === undefined || v < bounds.lt) && (bounds.lte === undefined || v <= bounds.lte) &&
      (bounds.gt === undefined || v > bounds.gt) && (bounds.gte === undefined || v >= bounds.gte);
  }
  if (q.bool) {
    const list = (x: EsQuery | EsQuery[] | undefined) => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
    const should = list(q.bool.should);
    return list(q.bool.filter).every((c) => esMatches(c, doc)) && !list(q.bool.must_not).some((c) => esMatches(c, doc)) &&
      (should.length === 0 || should.some((c) => esMatches(c, doc)));
  }
  throw new Error(`query shape not interpreted: ${JSON.stringify(q)}`);
}

async function everyEvaluator(rule: RuleCondition, profile: Record<string, unknown>, asOf: string): Promise<boolean[]> {
  const ctx = { asOf };
  return [
    await new ReferenceEvaluator(rule, registry, ctx).evaluate(profile),
    compileRule(rule, registry, ctx)(profile),
    hasRow(evaluateColumnar(rule, ColumnStore.fromProfiles(registry, [profile]), ctx), 0),
    esMatches(compileToEsQuery(rule, registry, ctx), profile),
  ];
}

describe('成立满N年 around 29 February: Civil Code rule, one meaning in every evaluator', () => {
  it('a firm founded on 2020-02-29 completes one year on 2021-02-28', async () => {
    const rule: LeafCondition = { fact: 'establishedOn', operator: 'yearsSinceAtLeast', value: 1 };
    const leapBorn = { establishedOn: '2020-02-29' };
    expect(yearsSinceCutoff('2021-02-28', 1)).toBe('2020-02-29');
    expect(await everyEvaluator(rule, leapBorn, '2021-02-27')).toEqual([false, false, false, false]);
    expect(await everyEvaluator(rule, leapBorn, '2021-02-28')).toEqual([true, true, true, true]);
    expect(await everyEvaluator(rule, { establishedOn: '2020-03-01' }, '2021-02-28')).toEqual([false, false, false, false]);
    // In a leap year the corresponding day exists: 2024-02-29, not 2024-02-28.
    expect(await everyEvaluator({ ...rule, value: 4 }, leapBorn, '2024-02-28')).toEqual([false, false, false, false]);
    expect(await everyEvaluator({ ...rule, value: 4 }, leapBorn, '2024-02-29')).toEqual([true, true, true, true]);
  });

  it('property: over leap-day profiles every evaluator equals the Civil Code rule, for 满 and 不满', async () => {
    await fc.assert(
      fc.asyncProperty(leapishDay, leapishDay, fc.integer({ min: 0, max: 8 }), async (established, asOf, years) => {
        const expected = civilCodeHolds(established, years, asOf);
        const profile = { establishedOn: established };
        const atLeast: LeafCondition = { fact: 'establishedOn', operator: 'yearsSinceAtLeast', value: years };
        const lessThan: LeafCondition = { fact: 'establishedOn', operator: 'yearsSinceLessThan', value: years };
        expect(await everyEvaluator(atLeast, profile, asOf)).toEqual([expected, expected, expected, expected]);
        expect(await everyEvaluator(lessThan, profile, asOf)).toEqual([!expected, !expected, !expected, !expected]);
        // The static check never calls a rule unsatisfiable that a firm satisfies.
        if (expected) expect(isUnsatisfiable(atLeast, registry, { asOf })).toBe(false);
      }),
      { numRuns: 600 },
    );
  });
});

describe('dates in years 0000–0099 (Date.UTC read them as 1900–1999)', () => {
  it('compiled and columnar agree with the reference on 0099-12-31', async () => {
    const rule: LeafCondition = { fact: 'establishedOn', operator: 'dateAfter', value: '1998-02-28' };
    expect(await everyEvaluator(rule, { establishedOn: '0099-12-31' }, '2026-01-01')).toEqual([false, false, false, false]);
    const before: LeafCondition = { fact: 'establishedOn', operator: 'dateBefore', value: '1950-01-01' };
    expect(await everyEvaluator(before, { establishedOn: '0060-06-01' }, '2026-01-01')).toEqual([true, true, true, true]);
  });

  it('the static check does not call dateBefore 1950 ∧ dateAfter 0060 unsatisfiable', () => {
    const rule: RuleCondition = {
      all: [
        { fact: 'establishedOn', operator: 'dateBefore', value: '1950-01-01' },
        { fact: 'establishedOn', operator: 'dateAfter', value: '0060-01-01' },
      ],
    };
    expect(isUnsatisfiable(rule, registry)).toBe(false);
  });
});
