import fc from 'fast-check';
import { ENTERPRISE_FACTS } from '@app/contracts';
import { compileRule } from '../compiled/compile';
import { FactRegistry } from '../facts/fact-registry';
import { RuleCondition } from '../rule/rule.types';
import { contextArb, profileArb, ruleArb } from '../testing/rule-arbitraries';
import { hasRow, popcount, wordsFor } from './bitset';
import { ColumnStore, DictionaryColumn } from './column-store';
import { compileColumnar, evaluateColumnar } from './columnar.evaluator';
import { seededRng } from '@app/core';

/*
 * The evaluator orders the children of `all`/`any` by a sample of the store, but only once the store
 * has ≥ 16,384 rows (smaller stores keep the written order). The equivalence spec uses tiny stores,
 * so these tests build stores past that size to exercise the reordered and sparse (word-list) paths.
 * The oracle is the row-at-a-time compiled predicate, itself proven ≡ json-rules-engine.
 */

const registry = new FactRegistry(ENTERPRISE_FACTS);
const ctx = { asOf: '2026-11-27' };
const WAN = 1_000_000;
const TAGS = ['HNTE', 'SRDI', 'TSME', 'GAZELLE', 'UNICORN', 'EXPORT'];
const DISTRICTS = ['410102', '410105', '410122', '410202', '420100'];


function makeProfiles(n: number, seed: number): Record<string, unknown>[] {
  const r = seededRng(seed);
  const maybe = <T>(v: T): T | undefined => (r() < 0.05 ? undefined : v);
  return Array.from({ length: n }, (_, i) => ({
    name: `企业${i}`,
    districtCode: maybe(DISTRICTS[Math.floor(r() * DISTRICTS.length)]),
    revenue: maybe(Math.round(10 ** (5 + r() * 4)) * 100),
    employees: maybe(Math.floor(10 ** (r() * 3.5))),
    establishedOn: maybe(new Date(Date.UTC(1995, 0, 1) + Math.floor(r() * 11_000) * 86_400_000).toISOString().slice(0, 10)),
    tags: maybe(TAGS.filter(() => r() < 0.1)),
    creditStatus: maybe(r() < 0.97 ? 'good' : 'dishonest'),
    isListed: maybe(r() < 0.02),
    // Rare values, so that some conditions are far more selective than others.
    scale: maybe(r() < 0.003 ? 'large' : 'small'),
  }));
}

/** Large enough to be sampled, and not a multiple of 32. */
const ROWS = 20_013;
const profiles = makeProfiles(ROWS, 7);
const store = ColumnStore.fromProfiles(registry, profiles);

function expectSameAsCompiled(rule: RuleCondition, s: ColumnStore, rows: readonly Record<string, unknown>[]): number {
  const bits = evaluateColumnar(rule, s, ctx);
  const predicate = compileRule(rule, registry, ctx);
  expect(bits.length).toBe(wordsFor(rows.length));
  const mismatches: number[] = [];
  rows.forEach((p, row) => {
    if (hasRow(bits, row) !== predicate(p)) mismatches.push(row);
  });
  expect(mismatches.slice(0, 5)).toEqual([]);
  for (let row = rows.length; row < bits.length * 32; row += 1) expect(hasRow(bits, row)).toBe(false);
  return popcount(bits);
}

const rare = { fact: 'scale', operator: 'equal', value: 'large' } as const;
const common = { fact: 'creditStatus', operator: 'equal', value: 'good' } as const;
const notListed = { fact: 'isListed', operator: 'equal', value: false } as const;
const rich = { fact: 'revenue', operator: 'greaterThanInclusive', value: 2_000 * WAN } as const;
const midSize = { fact: 'employees', operator: 'between', value: [10, 300] } as const;

describe('columnar evaluator: sampled ordering and sparse evaluation (large store)', () => {
  it('has enough rows to take the sampled path', () => {
    expect(store.rowCount).toBeGreaterThanOrEqual(16_384);
    expect(store.rowCount % 32).not.toBe(0);
  });

  it('the most selective child written last', () => {
    const n = expectSameAsCompiled({ all: [common, notListed, midSize, rich, rare] }, store, profiles);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(60);
  });

  it('children that empty the mask (impossible conditions, first, middle and last)', () => {
    const unknownTag = { fact: 'tags', operator: 'hasTag', value: 'NOBODY' } as const;
    const impossible = { fact: 'employees', operator: 'lessThan', value: -1 } as const;
    for (const rule of [
      { all: [unknownTag, common, rich] },
      { all: [common, impossible, rich, { not: rare }] },
      { all: [common, rich, { any: [unknownTag, impossible] }] },
      { all: [rare, { fact: 'scale', operator: 'equal', value: 'small' } as const, common] },
    ]) {
      expect(expectSameAsCompiled(rule, store, profiles)).toBe(0);
    }
  });

  it('`not` under `all`, `any` under `not`, and nested groups', () => {
    const rules: RuleCondition[] = [
      { all: [{ not: rare }, common, { not: { fact: 'tags', operator: 'hasAnyTag', value: ['HNTE', 'SRDI'] } }] },
      { all: [rich, { not: { any: [midSize, notListed] } }, common] },
      { all: [{ any: [rare, { all: [rich, midSize] }] }, { not: { all: [common, notListed] } }] },
      { any: [rare, { fact: 'tags', operator: 'hasAllTags', value: ['HNTE', 'EXPORT'] }, { not: common }] },
      {
        all: [
          { fact: 'districtCode', operator: 'inRegion', value: '410100' },
          { fact: 'establishedOn', operator: 'yearsSinceAtLeast', value: 5 },
          rich,
        ],
      },
      { not: { all: [common, rich, midSize] } },
      { all: [] },
      { any: [] },
    ];
    for (const rule of rules) expectSameAsCompiled(rule, store, profiles);
  });

  it('random rules ≡ compiled predicate on the large store', () => {
    const big = ColumnStore.fromProfiles(registry, fc.sample(profileArb(registry), { numRuns: 17_000, seed: 11 }));
    const rows = fc.sample(profileArb(registry), { numRuns: 17_000, seed: 11 });
    fc.assert(
      fc.property(ruleArb(registry, 3), contextArb(), (rule, context) => {
        const bits = evaluateColumnar(rule, big, context);
        const predicate = compileRule(rule, registry, context);
        for (let row = 0; row < rows.length; row += 1) if (hasRow(bits, row) !== predicate(rows[row])) return false;
        for (let row = rows.length; row < bits.length * 32; row += 1) if (hasRow(bits, row)) return false;
        return true;
      }),
      { numRuns: 60, seed: 5 },
    );
  });

  it('within a row set: exactly within ∧ rule, and `within` is left as it was', () => {
    fc.assert(
      fc.property(ruleArb(registry, 3), ruleArb(registry, 2), contextArb(), (rule, first, context) => {
        const within = evaluateColumnar(first, store, context);
        const copy = within.slice();
        const inside = compileColumnar(rule, registry, context)(store, within);
        const both = evaluateColumnar({ all: [first, rule] }, store, context);
        return Array.from(inside).every((w, i) => w === both[i]) && Array.from(within).every((w, i) => w === copy[i]);
      }),
      { numRuns: 60, seed: 9 },
    );
    expect(() => compileColumnar(rich, registry, ctx)(store, new Uint32Array(3))).toThrow(RangeError);
  });

  it('a compiled predicate stays right as the store grows (scratch arrays resized)', () => {
    const rule: RuleCondition = { all: [common, { not: rare }, { any: [rich, midSize] }] };
    const predicate = compileColumnar(rule, registry, ctx);
    const grown = ColumnStore.fromProfiles(registry, profiles.slice(0, 17_000), 17_000);
    const first = predicate(grown);
    expect(popcount(first)).toBe(popcount(evaluateColumnar(rule, ColumnStore.fromProfiles(registry, profiles.slice(0, 17_000)), ctx)));
    for (const p of profiles.slice(17_000)) grown.append(p);
    expect(grown.capacity).toBeGreaterThan(17_024);
    const again = predicate(grown);
    expect(Array.from(again)).toEqual(Array.from(evaluateColumnar(rule, store, ctx)));
    expectSameAsCompiled(rule, grown, profiles);
  });
});

describe('columnar evaluator: small and empty stores', () => {
  it('an empty store gives an empty bitset', () => {
    const empty = new ColumnStore(registry);
    for (const rule of [{ all: [common, rich] }, { any: [rare] }, { not: common }, { all: [] }] as RuleCondition[]) {
      expect(evaluateColumnar(rule, empty, ctx)).toEqual(new Uint32Array(0));
    }
  });

  it.each([1, 31, 32, 33, 95])('%i rows', (n) => {
    const rows = profiles.slice(0, n);
    const s = ColumnStore.fromProfiles(registry, rows);
    for (const rule of [
      { all: [common, notListed] },
      { all: [{ not: rare }, { any: [rich, midSize] }] },
      { not: { all: [common, rich] } },
      { all: [] },
    ] as RuleCondition[]) {
      expectSameAsCompiled(rule, s, rows);
    }
  });
});

describe('columnar evaluator: one-byte dictionary codes', () => {
  const districtRules: RuleCondition[] = [
    { fact: 'districtCode', operator: 'equal', value: '410105' },
    { fact: 'districtCode', operator: 'equal', value: '419999' },
    { fact: 'districtCode', operator: 'notEqual', value: '410105' },
    { fact: 'districtCode', operator: 'in', value: ['410102', '419001', '419300'] },
    { fact: 'districtCode', operator: 'notIn', value: ['410102', '419001'] },
    { fact: 'districtCode', operator: 'inRegion', value: '410100' },
    { all: [{ fact: 'districtCode', operator: 'inRegion', value: '4190' }, common] },
  ];

  it('are used while the dictionary is small and dropped, results unchanged, once it outgrows a byte', () => {
    const rows = makeProfiles(20_000, 3);
    // 300 extra districts: the 255th distinct code turns up on row ~10,000.
    rows.forEach((p, i) => {
      if (i >= 9_000 && i % 4 === 0) p.districtCode = `419${String((i / 4) % 300).padStart(3, '0')}`;
    });
    const small = ColumnStore.fromProfiles(registry, rows.slice(0, 9_000));
    expect((small.column('districtCode') as DictionaryColumn).narrow).toBeDefined();
    for (const rule of districtRules) expectSameAsCompiled(rule, small, rows.slice(0, 9_000));

    const s = ColumnStore.fromProfiles(registry, rows.slice(0, 9_000));
    const predicates = districtRules.map((rule) => compileColumnar(rule, registry, ctx));
    for (const p of rows.slice(9_000)) s.append(p);
    const col = s.column('districtCode') as DictionaryColumn;
    expect(col.dictionary.length).toBeGreaterThan(255);
    expect(col.narrow).toBeUndefined();
    districtRules.forEach((rule, i) => {
      expect(Array.from(predicates[i](s))).toEqual(Array.from(evaluateColumnar(rule, s, ctx)));
      expectSameAsCompiled(rule, s, rows);
    });
  });

  it('follow in-place updates', () => {
    const rows = makeProfiles(18_000, 4);
    const s = ColumnStore.fromProfiles(registry, rows);
    const updated = rows.map((p, i) => (i % 3 === 0 ? { ...p, districtCode: i % 2 === 0 ? undefined : '410105' } : p));
    updated.forEach((p, row) => {
      if (p !== rows[row]) s.update(row, p);
    });
    expect((s.column('districtCode') as DictionaryColumn).narrow).toBeDefined();
    for (const rule of districtRules) expectSameAsCompiled(rule, s, updated);
  });
});
