import type { FactDefinition, FactType } from '@app/contracts';
import type { RuleOperator } from '../rule/rule.types';

/**
 * Which operators each fact type accepts, as typed groups: an evaluator's per-type switch narrows
 * the leaf's operator to its group and ends in `unsupportedOperator(op)`, so adding an operator to a
 * group makes the compiler list every switch that must handle it (docs/extending.md).
 */
export const NUMERIC_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
  'in',
  'notIn',
] as const satisfies readonly RuleOperator[];

export const DATE_OPERATORS = [
  'equal',
  'notEqual',
  'dateBefore',
  'dateAfter',
  'dateOnOrAfter',
  'dateOnOrBefore',
  'yearsSinceAtLeast',
  'yearsSinceLessThan',
] as const satisfies readonly RuleOperator[];

export const TAG_OPERATORS = ['hasTag', 'hasAnyTag', 'hasAllTags'] as const satisfies readonly RuleOperator[];

/** string, enum and boolean facts; `inRegion` only for hierarchical codes (see operatorsFor). */
export const DISCRETE_OPERATORS = ['equal', 'notEqual', 'in', 'notIn', 'inRegion'] as const satisfies readonly RuleOperator[];

/** Operators whose comparison value is one scalar of the fact's type (validated and drawn alike). */
export const SCALAR_VALUE_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'dateBefore',
  'dateAfter',
  'dateOnOrAfter',
  'dateOnOrBefore',
] as const satisfies readonly RuleOperator[];
export type ScalarValueOperator = (typeof SCALAR_VALUE_OPERATORS)[number];
export const isScalarValueOperator = (op: RuleOperator): op is ScalarValueOperator => (SCALAR_VALUE_OPERATORS as readonly RuleOperator[]).includes(op);

export type NumericOperator = (typeof NUMERIC_OPERATORS)[number];
export type DateOperator = (typeof DATE_OPERATORS)[number];
export type TagOperator = (typeof TAG_OPERATORS)[number];
export type DiscreteOperator = (typeof DISCRETE_OPERATORS)[number];

// Compile-time check: every operator belongs to at least one fact type's group.
type Ungrouped = Exclude<RuleOperator, NumericOperator | DateOperator | TagOperator | DiscreteOperator>;
const everyOperatorGrouped: [Ungrouped] extends [never] ? true : Ungrouped = true;
void everyOperatorGrouped;

/**
 * The end of an exhaustive switch over operators: a compile error when a case is missing (the
 * argument is then not `never`), and at run time an error for a leaf validation should have refused.
 */
export function unsupportedOperator(op: never, where: string): never {
  throw new Error(`operator ${String(op)} not valid for ${where}`);
}

export const OPERATORS_BY_TYPE: Readonly<Record<FactType, readonly RuleOperator[]>> = {
  number: NUMERIC_OPERATORS,
  money: NUMERIC_OPERATORS,
  integer: NUMERIC_OPERATORS,
  string: ['equal', 'notEqual', 'in', 'notIn'],
  enum: ['equal', 'notEqual', 'in', 'notIn'],
  boolean: ['equal', 'notEqual'],
  date: DATE_OPERATORS,
  tags: TAG_OPERATORS,
};

export function operatorsFor(def: FactDefinition): readonly RuleOperator[] {
  const base = OPERATORS_BY_TYPE[def.type];
  // Hierarchical codes (行政区划 / 国民经济行业) also match by prefix.
  return def.type === 'string' && def.format ? [...base, 'inRegion'] : base;
}

/** Chinese wording of each operator, used by validation messages and explanations. */
export const OPERATOR_LABELS: Readonly<Record<RuleOperator, string>> = {
  equal: '等于',
  notEqual: '不等于',
  lessThan: '低于',
  lessThanInclusive: '不高于',
  greaterThan: '高于',
  greaterThanInclusive: '不低于',
  in: '属于',
  notIn: '不属于',
  between: '介于',
  dateBefore: '早于',
  dateAfter: '晚于',
  dateOnOrAfter: '不早于',
  dateOnOrBefore: '不晚于',
  yearsSinceAtLeast: '满',
  yearsSinceLessThan: '不满',
  hasTag: '具有标签',
  hasAnyTag: '具有任一标签',
  hasAllTags: '具有全部标签',
  inRegion: '位于',
};

/** Largest N accepted for 成立满 N 年. */
export const MAX_YEARS = 200;
