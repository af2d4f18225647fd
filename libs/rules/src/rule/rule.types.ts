/**
 * Eligibility rules (申报条件) in json-rules-engine condition JSON. The stored rule is exactly what
 * json-rules-engine accepts, so the reference evaluator can run it unchanged.
 */
export const STANDARD_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
] as const;

export const CUSTOM_OPERATORS = [
  'between',
  'dateBefore',
  'dateAfter',
  'dateOnOrAfter',
  'dateOnOrBefore',
  'yearsSinceAtLeast',
  'yearsSinceLessThan',
  'hasTag',
  'hasAnyTag',
  'hasAllTags',
  'inRegion',
] as const;

export type StandardOperator = (typeof STANDARD_OPERATORS)[number];
export type CustomOperator = (typeof CUSTOM_OPERATORS)[number];
export type RuleOperator = StandardOperator | CustomOperator;

export type RuleScalar = number | string | boolean;
export type RuleValue = RuleScalar | readonly (number | string)[];

export interface LeafCondition {
  fact: string;
  operator: RuleOperator;
  value: RuleValue;
}

export interface AllCondition {
  all: RuleCondition[];
}

export interface AnyCondition {
  any: RuleCondition[];
}

export interface NotCondition {
  not: RuleCondition;
}

export type RuleCondition = AllCondition | AnyCondition | NotCondition | LeafCondition;

/** Evaluation context. `asOf` anchors 成立满N年; evaluators never read the clock. */
export interface EvaluationContext {
  /** YYYY-MM-DD */
  asOf: string;
}

export function isAll(c: RuleCondition): c is AllCondition {
  return 'all' in c;
}
export function isAny(c: RuleCondition): c is AnyCondition {
  return 'any' in c;
}
export function isNot(c: RuleCondition): c is NotCondition {
  return 'not' in c;
}
export function isLeaf(c: RuleCondition): c is LeafCondition {
  return 'fact' in c;
}
