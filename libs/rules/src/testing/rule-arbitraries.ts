/**
 * fast-check generators shared by the property tests and the SQL/Elasticsearch contract suites.
 * Values come from small pools around the thresholds the rules use, so a random rule over a random
 * profile is true often enough to be informative, and boundaries (equal values, leap days, region
 * prefixes) come up in nearly every run. Not exported from the library's index.
 */
import fc from 'fast-check';
import type { FactDefinition } from '@app/contracts';
import type { FactRegistry } from '../facts/fact-registry';
import { isScalarValueOperator, operatorsFor, unsupportedOperator } from '../operators/operator-catalog';
import type { EvaluationContext, LeafCondition, RuleCondition, RuleOperator } from '../rule/rule.types';

const WAN = 1_000_000; // 1万元 in fen
export const MONEY_POOL = [0, 1, 5_000 * WAN, 5_000 * WAN - 1, 5_000 * WAN + 1, 10_000 * WAN, 300 * WAN, 1_000 * WAN];
export const INTEGER_POOL = [0, 1, 9, 10, 11, 50, 100, 299, 300, 301];
export const NUMBER_POOL = [0, 0.1, 2.5, 3, 3.0000001, 4.99, 5, 15.25, -3];
// Includes the 成立满N年 cutoffs of AS_OF_POOL for N = 0..6, so yearsSince boundaries are hit.
export const DATE_POOL = [
  '2019-02-28', '2020-02-29', '2020-03-01', '2021-02-28', '2021-03-01', '2022-02-28', '2023-02-28', '2024-02-28',
  '2024-02-29', '2024-03-01', '2025-02-28', '2025-03-01', '2020-11-27', '2022-11-27', '2023-11-27', '2023-11-28', '2015-06-30',
];
export const AS_OF_POOL = ['2024-02-29', '2025-02-28', '2025-03-01', '2026-11-27'];
export const REGION_POOL = ['410105', '410102', '410122', '410200', '410000', '420100', '410100'];
export const REGION_RULE_POOL = ['410100', '410105', '410200', '410000', '41', '4101', '420000'];
export const INDUSTRY_POOL = ['C3511', 'C3520', 'C1310', 'I6510', 'I6520', 'M7320'];
export const INDUSTRY_RULE_POOL = ['C', 'C35', 'C3511', 'I65', 'I', 'M7320', 'C1300'];
export const NAME_POOL = ['郑州甲科技有限公司', '郑州乙制造有限公司', '河南丙物流有限公司'];
export const TAG_POOL = ['HNTE', 'SRDI', 'TSME', 'GAZELLE', 'UNICORN', 'EXPORT'];

const pick = <T>(pool: readonly T[]) => fc.constantFrom(...pool);

function valueArb(def: FactDefinition): fc.Arbitrary<unknown> {
  switch (def.type) {
    case 'money':
      return fc.oneof(pick(MONEY_POOL), fc.integer({ min: 0, max: 20_000 * WAN }));
    case 'integer':
      return fc.oneof(pick(INTEGER_POOL), fc.integer({ min: 0, max: 1000 }));
    case 'number':
      return fc.oneof(pick(NUMBER_POOL), fc.double({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true }));
    case 'date':
      return pick(DATE_POOL);
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return pick((def.allowedValues ?? []).map((a) => a.value));
    case 'tags':
      return fc.subarray(TAG_POOL);
    case 'string':
      return def.format === 'region' ? pick(REGION_POOL) : def.format === 'industry' ? pick(INDUSTRY_POOL) : pick(NAME_POOL);
  }
}

/** A profile in which any fact may be absent or null. */
export function profileArb(registry: FactRegistry): fc.Arbitrary<Record<string, unknown>> {
  const entries = registry.all().map((def) =>
    fc.oneof({ weight: 6, arbitrary: valueArb(def) }, { weight: 1, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant(null) }),
  );
  return fc.tuple(...entries).map((values) => {
    const profile: Record<string, unknown> = {};
    registry.all().forEach((def, i) => {
      if (values[i] !== undefined) profile[def.key] = values[i];
    });
    return profile;
  });
}

function leafValueArb(def: FactDefinition, op: RuleOperator): fc.Arbitrary<unknown> {
  const one = valueArb(def).filter((v) => !(typeof v === 'number' && Object.is(v, -0)));
  const codes = def.format === 'industry' ? INDUSTRY_RULE_POOL : REGION_RULE_POOL;
  if (isScalarValueOperator(op)) return def.type === 'tags' ? pick(TAG_POOL) : one;
  switch (op) {
    case 'between':
      return fc.tuple(one, one).map(([a, b]) => ((a as number) <= (b as number) ? [a, b] : [b, a]));
    case 'in':
    case 'notIn':
      return fc.uniqueArray(one, { minLength: 1, maxLength: 3 });
    case 'yearsSinceAtLeast':
    case 'yearsSinceLessThan':
      return fc.integer({ min: 0, max: 6 });
    case 'hasTag':
      return pick(TAG_POOL);
    case 'hasAnyTag':
    case 'hasAllTags':
      return fc.uniqueArray(pick(TAG_POOL), { minLength: 1, maxLength: 3 });
    case 'inRegion':
      return fc.oneof(pick(codes), fc.uniqueArray(pick(codes), { minLength: 1, maxLength: 2 }));
    default:
      return unsupportedOperator(op, 'the rule arbitraries');
  }
}

/** Operator first, then a fact that accepts it: every operator is drawn equally often. */
export function leafArb(registry: FactRegistry): fc.Arbitrary<LeafCondition> {
  const operators = [...new Set(registry.all().flatMap((def) => operatorsFor(def)))];
  return pick(operators).chain((operator) =>
    pick(registry.all().filter((def) => operatorsFor(def).includes(operator))).chain((def) =>
      leafValueArb(def, operator).map((value) => ({ fact: def.key, operator, value }) as LeafCondition),
    ),
  );
}

/** Valid rules up to `maxDepth` levels of all/any/not (depth 1 = a leaf). */
export function ruleArb(registry: FactRegistry, maxDepth = 3): fc.Arbitrary<RuleCondition> {
  const leaf = leafArb(registry);
  const build = (depth: number): fc.Arbitrary<RuleCondition> => {
    if (depth <= 1) return leaf;
    const child = build(depth - 1);
    return fc.oneof(
      { weight: 2, arbitrary: leaf },
      { weight: 2, arbitrary: fc.array(child, { minLength: 1, maxLength: 4 }).map((all): RuleCondition => ({ all })) },
      { weight: 2, arbitrary: fc.array(child, { minLength: 1, maxLength: 4 }).map((any): RuleCondition => ({ any })) },
      { weight: 1, arbitrary: child.map((not): RuleCondition => ({ not })) },
    );
  };
  return build(maxDepth);
}

export function contextArb(): fc.Arbitrary<EvaluationContext> {
  return pick(AS_OF_POOL).map((asOf) => ({ asOf }));
}
