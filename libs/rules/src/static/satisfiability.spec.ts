import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileRule } from '../compiled/compile';
import { FactRegistry } from '../facts/fact-registry';
import type { RuleCondition } from '../rule/rule.types';
import { profileArb, ruleArb } from '../testing/rule-arbitraries';
import { canBothBeTrue, isUnsatisfiable } from './satisfiability';

const registry = new FactRegistry(ENTERPRISE_FACTS);
const WAN = 1_000_000;
const rev = (operator: 'greaterThan' | 'lessThan' | 'greaterThanInclusive' | 'lessThanInclusive', wan: number): RuleCondition => ({ fact: 'revenue', operator, value: wan * WAN });

describe('static checks', () => {
  it('营业收入 > 1亿 and < 5000万 is unsatisfiable', () => {
    expect(isUnsatisfiable({ all: [rev('greaterThan', 10_000), rev('lessThan', 5_000)] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [rev('greaterThan', 5_000), rev('lessThan', 10_000)] }, registry)).toBe(false);
  });

  it('integer bounds touching: > x and < x+1 is empty for fen, not for real numbers', () => {
    expect(isUnsatisfiable({ all: [{ fact: 'employees', operator: 'greaterThan', value: 10 }, { fact: 'employees', operator: 'lessThan', value: 11 }] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [{ fact: 'rdIntensity', operator: 'greaterThan', value: 3 }, { fact: 'rdIntensity', operator: 'lessThan', value: 3.5 }] }, registry)).toBe(false);
    expect(isUnsatisfiable({ all: [{ fact: 'rdIntensity', operator: 'greaterThan', value: 3 }, { fact: 'rdIntensity', operator: 'lessThanInclusive', value: 3 }] }, registry)).toBe(true);
  });

  it('enum, dates, tags and regions', () => {
    expect(isUnsatisfiable({ all: [{ fact: 'scale', operator: 'in', value: ['small', 'micro'] }, { fact: 'scale', operator: 'equal', value: 'large' }] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [{ fact: 'establishedOn', operator: 'dateBefore', value: '2020-01-01' }, { fact: 'establishedOn', operator: 'dateOnOrAfter', value: '2020-01-01' }] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [{ fact: 'tags', operator: 'hasTag', value: 'HNTE' }, { not: { fact: 'tags', operator: 'hasAnyTag', value: ['HNTE', 'SRDI'] } }] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [{ fact: 'districtCode', operator: 'inRegion', value: '410100' }, { fact: 'districtCode', operator: 'inRegion', value: '410200' }] }, registry)).toBe(true);
    expect(isUnsatisfiable({ all: [{ fact: 'districtCode', operator: 'inRegion', value: '410000' }, { fact: 'districtCode', operator: 'inRegion', value: '410105' }] }, registry)).toBe(false);
    expect(isUnsatisfiable({ all: [{ fact: 'establishedOn', operator: 'yearsSinceAtLeast', value: 5 }, { fact: 'establishedOn', operator: 'yearsSinceLessThan', value: 3 }] }, registry, { asOf: '2026-11-27' })).toBe(true);
  });

  it('a fact tested only under not may be missing, so that is satisfiable', () => {
    expect(isUnsatisfiable({ all: [{ not: rev('greaterThan', 0) }, { not: rev('lessThanInclusive', 0) }] }, registry)).toBe(false);
    expect(isUnsatisfiable({ all: [rev('greaterThan', 0), { not: rev('greaterThan', 0) }] }, registry)).toBe(true);
  });

  it('canBothBeTrue for 不重复享受 exclusion groups', () => {
    const small = { fact: 'scale', operator: 'in', value: ['small', 'micro'] } as RuleCondition;
    const large = { all: [{ fact: 'scale', operator: 'equal', value: 'large' }, rev('greaterThan', 1)] } as RuleCondition;
    expect(canBothBeTrue(small, large, registry)).toBe('no');
    expect(canBothBeTrue(small, rev('greaterThan', 1), registry)).toBe('maybe');
    expect(canBothBeTrue({ any: [small, rev('greaterThan', 5)] }, large, registry)).toBe('maybe');
  });

  it('is sound: a rule called unsatisfiable is false for every generated profile', () => {
    fc.assert(
      fc.property(fc.tuple(ruleArb(registry, 2), ruleArb(registry, 2)), fc.array(profileArb(registry), { maxLength: 20 }), ([a, b], profiles) => {
        const rule: RuleCondition = { all: [a, b] };
        if (!isUnsatisfiable(rule, registry, { asOf: '2026-11-27' })) return;
        const predicate = compileRule(rule, registry, { asOf: '2026-11-27' });
        for (const p of profiles) expect(predicate(p)).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });
});
